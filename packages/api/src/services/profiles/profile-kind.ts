import type { TenantContext } from "../../context.ts";

/** Device profiles and asset profiles behave alike; only the table and the entity type differ. */
export type Kind = "device" | "asset";

// The two Prisma delegates have the same shape for what is used here.
export function table(ctx: TenantContext, kind: Kind) {
  return (kind === "device" ? ctx.db.deviceProfile : ctx.db.assetProfile) as unknown as typeof ctx.db.assetProfile;
}
export const entityType = (kind: Kind): "DEVICE_PROFILE" | "ASSET_PROFILE" =>
  kind === "device" ? "DEVICE_PROFILE" : "ASSET_PROFILE";
export const label = (kind: Kind) => (kind === "device" ? "Device profile" : "Asset profile");
