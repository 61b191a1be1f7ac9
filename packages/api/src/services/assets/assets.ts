import { z } from "zod";
import { customerFilter } from "../../auth/authorize.ts";
import type { TenantContext } from "../../context.ts";
import { ApiError, notFound } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCustomerExists } from "../devices/create-device.ts";
import { pagingInput, skipTake, uuid } from "../shared/paging.ts";

export const createAssetInput = z.object({
  name: z.string().trim().min(1, "Name the asset").max(255),
  label: z.string().trim().max(255).nullable().optional(),
  type: z.string().trim().min(1).max(255).optional(),
  profileId: uuid.optional(),
  customerId: uuid.nullable().optional(),
});
export const updateAssetInput = createAssetInput.partial();
export const listAssetsInput = pagingInput.extend({
  search: z.string().trim().max(255).optional(),
  type: z.string().max(255).optional(),
  customerId: uuid.optional(),
});

const include = { profile: { select: { name: true } }, customer: { select: { title: true } } } as const;

interface AssetRow {
  id: string;
  name: string;
  label: string | null;
  type: string;
  assetProfileId: string;
  customerId: string | null;
  createdAt: Date;
  profile: { name: string };
  customer: { title: string } | null;
}

const toView = (a: AssetRow) => ({
  id: a.id,
  name: a.name,
  label: a.label,
  type: a.type,
  profileId: a.assetProfileId,
  profileName: a.profile.name,
  customerId: a.customerId,
  customerTitle: a.customer?.title ?? null,
  createdAt: a.createdAt.toISOString(),
});

async function resolveAssetProfileId(ctx: TenantContext, profileId: string | undefined) {
  const profile = profileId
    ? await ctx.db.assetProfile.findUnique({ where: { id: profileId }, select: { id: true } })
    : await ctx.db.assetProfile.findFirst({ where: { isDefault: true }, select: { id: true } });
  if (!profile)
    throw new ApiError("VALIDATION_FAILED", "The asset profile does not exist", [
      { path: ["profileId"], message: "Unknown asset profile" },
    ]);
  return profile.id;
}

export async function listAssets(ctx: TenantContext, input: z.infer<typeof listAssetsInput>) {
  const where = {
    ...(input.type ? { type: input.type } : {}),
    ...(input.customerId ? { customerId: input.customerId } : {}),
    ...customerFilter(ctx.actor),
    ...(input.search
      ? {
          OR: [
            { name: { contains: input.search, mode: "insensitive" as const } },
            { label: { contains: input.search, mode: "insensitive" as const } },
          ],
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    ctx.db.asset.findMany({ where, include, orderBy: [{ createdAt: "desc" }, { id: "asc" }], ...skipTake(input) }),
    ctx.db.asset.count({ where }),
  ]);
  return { data: rows.map(toView), total, page: input.page, pageSize: input.pageSize };
}

export async function getAsset(ctx: TenantContext, id: string) {
  const row = await ctx.db.asset.findFirst({ where: { id, ...customerFilter(ctx.actor) }, include });
  if (!row) throw notFound("Asset");
  return toView(row);
}

export async function createAsset(ctx: TenantContext, input: z.infer<typeof createAssetInput>) {
  const assetProfileId = await resolveAssetProfileId(ctx, input.profileId);
  await assertCustomerExists(ctx, input.customerId);
  const row = await ctx.db.asset.create({
    data: {
      tenantId: ctx.tenantId,
      name: input.name,
      label: input.label ?? null,
      type: input.type ?? "default",
      assetProfileId,
      customerId: input.customerId ?? null,
    },
    include,
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "ADDED",
    entityType: "ASSET",
    entityId: row.id,
    entityName: row.name,
  });
  return toView(row);
}

export async function updateAsset(ctx: TenantContext, id: string, input: z.infer<typeof updateAssetInput>) {
  await getAsset(ctx, id);
  const assetProfileId = input.profileId ? await resolveAssetProfileId(ctx, input.profileId) : undefined;
  await assertCustomerExists(ctx, input.customerId);
  const row = await ctx.db.asset.update({
    where: { id },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.label !== undefined ? { label: input.label } : {}),
      ...(input.type !== undefined ? { type: input.type } : {}),
      ...(assetProfileId ? { assetProfileId } : {}),
      ...(input.customerId !== undefined ? { customerId: input.customerId } : {}),
    },
    include,
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "UPDATED",
    entityType: "ASSET",
    entityId: id,
    entityName: row.name,
  });
  return toView(row);
}

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
}
