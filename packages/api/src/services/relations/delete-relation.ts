import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { getRelation } from "./get-relation.ts";

export async function deleteRelation(ctx: TenantContext, id: string): Promise<void> {
  const relation = await getRelation(ctx, id);
  await ctx.db.entityRelation.delete({ where: { id } });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "RELATION_DELETED",
    entityType: relation.from.type as "DEVICE",
    entityId: relation.from.id,
    actionData: { to: relation.to, type: relation.type },
  });
}
