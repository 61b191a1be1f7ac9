import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";

export async function resolveAssetProfileId(ctx: TenantContext, profileId: string | undefined) {
  const profile = profileId
    ? await ctx.db.assetProfile.findUnique({ where: { id: profileId }, select: { id: true } })
    : await ctx.db.assetProfile.findFirst({ where: { isDefault: true }, select: { id: true } });
  if (!profile)
    throw new ApiError("VALIDATION_FAILED", "The asset profile does not exist", [
      { path: ["profileId"], message: "Unknown asset profile" },
    ]);
  return profile.id;
}
