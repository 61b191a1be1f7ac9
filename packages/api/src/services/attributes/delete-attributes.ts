import { pushSharedAttributes } from "@industryos/device-bus";
import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { findVisibleEntity } from "../entities/find-visible-entity.ts";
import type { EntityPathType } from "../entities/schemas.ts";
import type { writableScope } from "./schemas.ts";
import { assertWritableScope } from "./assert-writable-scope.ts";

/** Deletes server attributes of any entity, or shared attributes of a device (and tells the device). */
export async function deleteAttributes(
  ctx: TenantContext,
  entityType: EntityPathType,
  id: string,
  scope: z.infer<typeof writableScope>,
  keys: string[],
) {
  const entity = await findVisibleEntity(ctx, entityType, id);
  assertWritableScope(entity, scope);
  await ctx.db.attribute.deleteMany({
    where: { entityType: entity.type, entityId: entity.id, scope, key: { in: keys } },
  });
  if (scope === "SHARED") await pushSharedAttributes(ctx.deps.redis, entity.id, { deleted: keys });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "ATTRIBUTES_DELETED",
    entityType: entity.type,
    entityId: entity.id,
    entityName: entity.name,
    actionData: { scope, keys },
  });
}
