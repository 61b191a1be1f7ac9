import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { toView } from "./relation-view.ts";
import type { createRelationInput, entityRef } from "./schemas.ts";

/** Both ends must exist in this tenant; row-level security makes another tenant's id "not found". */
async function assertEntityExists(ctx: TenantContext, ref: z.infer<typeof entityRef>) {
  const where = { where: { id: ref.id }, select: { id: true } } as const;
  const found = await {
    CUSTOMER: () => ctx.db.customer.findUnique(where),
    DEVICE: () => ctx.db.device.findUnique(where),
    ASSET: () => ctx.db.asset.findUnique(where),
    DASHBOARD: () => ctx.db.dashboard.findUnique(where),
    DEVICE_PROFILE: () => ctx.db.deviceProfile.findUnique(where),
    ASSET_PROFILE: () => ctx.db.assetProfile.findUnique(where),
    USER: () => ctx.db.user.findUnique(where),
  }[ref.type]();
  if (!found) throw notFound(`${ref.type.toLowerCase().replace("_", " ")} ${ref.id}`);
}

export async function createRelation(ctx: TenantContext, input: z.infer<typeof createRelationInput>) {
  await assertEntityExists(ctx, input.from);
  await assertEntityExists(ctx, input.to);
  const row = await ctx.db.entityRelation.create({
    data: {
      tenantId: ctx.tenantId,
      fromType: input.from.type,
      fromId: input.from.id,
      toType: input.to.type,
      toId: input.to.id,
      type: input.type,
      typeGroup: input.typeGroup,
    },
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "RELATION_ADDED",
    entityType: input.from.type,
    entityId: input.from.id,
    actionData: { to: input.to, type: input.type },
  });
  return toView(row);
}
