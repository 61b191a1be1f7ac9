import { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { ApiError, notFound } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { pagingInput, skipTake } from "../shared/paging.ts";

export const profileInput = z.object({
  name: z.string().trim().min(1, "Name the profile").max(255),
  description: z.string().trim().max(2000).nullable().optional(),
  /** Making a profile the default takes the flag from the previous one. */
  isDefault: z.boolean().optional(),
});
export const listProfilesInput = pagingInput.extend({ search: z.string().trim().max(255).optional() });

/** Device profiles and asset profiles behave alike; only the table and the entity type differ. */
type Kind = "device" | "asset";

interface ProfileRow {
  id: string;
  name: string;
  description: string | null;
  isDefault: boolean;
  createdAt: Date;
}

const toView = (p: ProfileRow) => ({
  id: p.id,
  name: p.name,
  description: p.description,
  isDefault: p.isDefault,
  createdAt: p.createdAt.toISOString(),
});

// The two Prisma delegates have the same shape for what is used here.
function table(ctx: TenantContext, kind: Kind) {
  return (kind === "device" ? ctx.db.deviceProfile : ctx.db.assetProfile) as unknown as typeof ctx.db.assetProfile;
}
const entityType = (kind: Kind): "DEVICE_PROFILE" | "ASSET_PROFILE" =>
  kind === "device" ? "DEVICE_PROFILE" : "ASSET_PROFILE";
const label = (kind: Kind) => (kind === "device" ? "Device profile" : "Asset profile");

export async function listProfiles(ctx: TenantContext, kind: Kind, input: z.infer<typeof listProfilesInput>) {
  const where = input.search ? { name: { contains: input.search, mode: "insensitive" as const } } : {};
  const [rows, total] = await Promise.all([
    table(ctx, kind).findMany({ where, orderBy: [{ isDefault: "desc" }, { name: "asc" }], ...skipTake(input) }),
    table(ctx, kind).count({ where }),
  ]);
  return { data: rows.map(toView), total, page: input.page, pageSize: input.pageSize };
}

export async function getProfile(ctx: TenantContext, kind: Kind, id: string) {
  const row = await table(ctx, kind).findUnique({ where: { id } });
  if (!row) throw notFound(label(kind));
  return toView(row);
}

export async function createProfile(ctx: TenantContext, kind: Kind, input: z.infer<typeof profileInput>) {
  const row = await ctx.db.$transaction(async (tx) => {
    const t = (kind === "device" ? tx.deviceProfile : tx.assetProfile) as unknown as typeof tx.assetProfile;
    if (input.isDefault) await t.updateMany({ where: { isDefault: true }, data: { isDefault: false } });
    return t.create({
      data: {
        tenantId: ctx.tenantId,
        name: input.name,
        description: input.description ?? null,
        isDefault: input.isDefault ?? false,
      },
    });
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "ADDED",
    entityType: entityType(kind),
    entityId: row.id,
    entityName: row.name,
  });
  return toView(row);
}

export async function updateProfile(
  ctx: TenantContext,
  kind: Kind,
  id: string,
  input: Partial<z.infer<typeof profileInput>>,
) {
  const current = await getProfile(ctx, kind, id);
  if (input.isDefault === false && current.isDefault) {
    throw new ApiError("VALIDATION_FAILED", "Make another profile the default instead", [
      { path: ["isDefault"], message: "One profile must stay the default" },
    ]);
  }
  const row = await ctx.db.$transaction(async (tx) => {
    const t = (kind === "device" ? tx.deviceProfile : tx.assetProfile) as unknown as typeof tx.assetProfile;
    if (input.isDefault)
      await t.updateMany({ where: { isDefault: true, id: { not: id } }, data: { isDefault: false } });
    return t.update({
      where: { id },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.isDefault ? { isDefault: true } : {}),
      },
    });
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "UPDATED",
    entityType: entityType(kind),
    entityId: id,
    entityName: row.name,
  });
  return toView(row);
}

export async function deleteProfile(ctx: TenantContext, kind: Kind, id: string): Promise<void> {
  const current = await getProfile(ctx, kind, id);
  if (current.isDefault) throw new ApiError("CONFLICT", "The default profile cannot be deleted");
  const inUse =
    kind === "device"
      ? await ctx.db.device.count({ where: { deviceProfileId: id } })
      : await ctx.db.asset.count({ where: { assetProfileId: id } });
  if (inUse > 0)
    throw new ApiError("CONFLICT", `${inUse} ${kind === "device" ? "device(s)" : "asset(s)"} still use this profile`);
  await table(ctx, kind).delete({ where: { id } });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "DELETED",
    entityType: entityType(kind),
    entityId: id,
    entityName: current.name,
  });
}
