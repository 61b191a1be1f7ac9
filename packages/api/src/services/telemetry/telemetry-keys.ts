import type { TenantContext } from "../../context.ts";
import { findVisibleEntity } from "../entities/find-visible-entity.ts";
import type { EntityPathType } from "../entities/schemas.ts";

/** The keys the entity has a latest value for. */
export async function telemetryKeys(ctx: TenantContext, entityType: EntityPathType, id: string) {
  const entity = await findVisibleEntity(ctx, entityType, id);
  return ctx.deps.telemetry.keys(ctx.tenantId, entity.id);
}
