import { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { pagingInput, skipTake, uuid } from "../shared/paging.ts";

const RELATABLE = ["CUSTOMER", "DEVICE", "ASSET", "DASHBOARD", "DEVICE_PROFILE", "ASSET_PROFILE", "USER"] as const;
const entityRef = z.object({ type: z.enum(RELATABLE), id: uuid });

export const createRelationInput = z.object({
  from: entityRef,
  to: entityRef,
  /** "Contains", "Manages", "Uses", ... */
  type: z.string().trim().min(1).max(255).default("Contains"),
  typeGroup: z.enum(["COMMON", "DASHBOARD", "RULE_CHAIN", "RULE_NODE"]).default("COMMON"),
});
export const listRelationsInput = pagingInput.extend({
  fromId: uuid.optional(),
  toId: uuid.optional(),
  type: z.string().max(255).optional(),
});

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

interface RelationRow {
  id: string;
  fromType: string;
  fromId: string;
  toType: string;
  toId: string;
  type: string;
  typeGroup: string;
  createdAt: Date;
}

const toView = (r: RelationRow) => ({
  id: r.id,
  from: { type: r.fromType, id: r.fromId },
  to: { type: r.toType, id: r.toId },
  type: r.type,
  typeGroup: r.typeGroup,
  createdAt: r.createdAt.toISOString(),
});

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

export async function listRelations(ctx: TenantContext, input: z.infer<typeof listRelationsInput>) {
  const where = {
    ...(input.fromId ? { fromId: input.fromId } : {}),
    ...(input.toId ? { toId: input.toId } : {}),
    ...(input.type ? { type: input.type } : {}),
  };
  const [rows, total] = await Promise.all([
    ctx.db.entityRelation.findMany({ where, orderBy: { createdAt: "desc" }, ...skipTake(input) }),
    ctx.db.entityRelation.count({ where }),
  ]);
  return { data: rows.map(toView), total, page: input.page, pageSize: input.pageSize };
}

export async function getRelation(ctx: TenantContext, id: string) {
  const row = await ctx.db.entityRelation.findUnique({ where: { id } });
  if (!row) throw notFound("Relation");
  return toView(row);
}

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
