import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { findVisibleEntity } from "../entities/find-visible-entity.ts";
import type { EntityPathType } from "../entities/schemas.ts";
import type { latestTelemetryInput } from "./schemas.ts";

/** The latest value of each key (all keys unless some are asked for) of a device, asset, customer or the tenant. */
export async function latestTelemetry(
  ctx: TenantContext,
  entityType: EntityPathType,
  id: string,
  input: z.infer<typeof latestTelemetryInput>,
) {
  const entity = await findVisibleEntity(ctx, entityType, id);
  return ctx.deps.telemetry.latest(ctx.tenantId, entity.id, input.keys?.length ? input.keys : undefined);
}
