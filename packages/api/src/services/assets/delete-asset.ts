import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { emitEntityEvent } from "../telemetry/entity-events.ts";
import { getAsset } from "./get-asset.ts";

export async function deleteAsset(ctx: TenantContext, id: string): Promise<void> {
  const asset = await getAsset(ctx, id);
  await ctx.db.$transaction(async (tx) => {
    await tx.attribute.deleteMany({ where: { entityId: id } });
    await tx.entityRelation.deleteMany({ where: { OR: [{ fromId: id }, { toId: id }] } });
    await tx.asset.delete({ where: { id } });
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "DELETED",
    entityType: "ASSET",
    entityId: id,
    entityName: asset.name,
  });
  await emitEntityEvent(ctx, { type: "ASSET", id }, asset, "ENTITY_DELETED");
}
