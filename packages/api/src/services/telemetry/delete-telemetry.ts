import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { findVisibleEntity } from "../entities/find-visible-entity.ts";
import type { EntityPathType } from "../entities/schemas.ts";
import type { deleteTelemetryInput } from "./schemas.ts";

/**
 * Deletes the keys' points in [from, to) of an entity. A latest value in the range goes with
 * them; the key's newest point left, if any, becomes its latest value.
 */
export async function deleteTelemetry(
  ctx: TenantContext,
  entityType: EntityPathType,
  id: string,
  input: z.infer<typeof deleteTelemetryInput>,
) {
  const entity = await findVisibleEntity(ctx, entityType, id);
  const deleted = await ctx.deps.telemetry.deleteRange(ctx.tenantId, entity.id, input);
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "TIMESERIES_DELETED",
    entityType: entity.type,
    entityId: entity.id,
    entityName: entity.name,
    actionData: { keys: input.keys, from: input.from, to: input.to, deleted },
  });
  return { deleted };
}
