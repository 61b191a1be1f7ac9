import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { findVisibleEntity } from "../entities/find-visible-entity.ts";
import type { EntityPathType } from "../entities/schemas.ts";
import type { telemetryHistoryInput } from "./schemas.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Raw or aggregated points per key of an entity (default range: the last 24 hours). */
export async function telemetryHistory(
  ctx: TenantContext,
  entityType: EntityPathType,
  id: string,
  input: z.infer<typeof telemetryHistoryInput>,
) {
  const entity = await findVisibleEntity(ctx, entityType, id);
  const to = input.to ?? Date.now();
  return ctx.deps.telemetry.history(ctx.tenantId, entity.id, {
    keys: input.keys,
    from: input.from ?? to - DAY_MS,
    to,
    agg: input.agg,
    intervalMs: input.interval,
    limit: input.limit,
    order: input.order,
  });
}
