import { BatchValidationError } from "@industryos/db/telemetry";
import type { CommittedMessage } from "@industryos/device-protocol";
import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { findVisibleEntity } from "../entities/find-visible-entity.ts";
import type { EntityPathType } from "../entities/schemas.ts";
import type { telemetryPayload } from "./schemas.ts";
import { uplinkPublisherFor } from "./uplink-publisher.ts";

/**
 * Telemetry an integrator pushes for a device, an asset, a customer or the tenant: stored first
 * (the same store ingest writes), then put on the rule-engine stream and the live channel through
 * the publisher ingest uses, and answered only then. A device's points become exactly the
 * message ingest would have made of them.
 */
export async function saveTelemetry(
  ctx: TenantContext,
  entityType: EntityPathType,
  id: string,
  payload: z.output<typeof telemetryPayload>,
) {
  const entity = await findVisibleEntity(ctx, entityType, id);
  // A body without values (`{}`, as ThingsBoard SDKs send to test a connection) stores nothing, as on the device API.
  if (payload.points.length === 0) return { points: 0, keys: [] };
  let stored: number;
  try {
    stored = await ctx.deps.telemetry.write(ctx.tenantId, entity.id, payload.points);
  } catch (error) {
    // The device API's parser checks what the store checks; this is the store's word on anything left.
    if (error instanceof BatchValidationError) throw new ApiError("VALIDATION_FAILED", error.message, error.issues);
    throw error;
  }
  const common = {
    type: "TELEMETRY",
    tenantId: ctx.tenantId,
    receivedAt: payload.receivedAt,
    points: payload.points,
    data: payload.data,
  } as const;
  const message: CommittedMessage =
    entity.type === "DEVICE"
      ? { ...common, deviceId: entity.id }
      : { ...common, entityType: entity.type, entityId: entity.id };
  await uplinkPublisherFor(ctx.deps)([message]);
  return { points: stored, keys: [...new Set(payload.points.map((p) => p.key))] };
}
