import type { DashboardConfig } from "@industryos/dashboard-schema";
import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { referencedIds } from "./referenced-ids.ts";

/**
 * Every device, profile and asset a configuration names must be the tenant's own: the lookup
 * runs under row-level security, so another tenant's id is simply missing (422).
 */
export async function checkReferences(ctx: TenantContext, config: DashboardConfig) {
  const refs = referencedIds(config);
  const [devices, profiles, assets] = await Promise.all([
    refs.devices.length ? ctx.db.device.count({ where: { id: { in: refs.devices } } }) : 0,
    refs.deviceProfiles.length ? ctx.db.deviceProfile.count({ where: { id: { in: refs.deviceProfiles } } }) : 0,
    refs.assets.length ? ctx.db.asset.count({ where: { id: { in: refs.assets } } }) : 0,
  ]);
  const missing = [
    devices !== refs.devices.length && "device",
    profiles !== refs.deviceProfiles.length && "device profile",
    assets !== refs.assets.length && "asset",
  ].filter(Boolean);
  if (missing.length)
    throw new ApiError("VALIDATION_FAILED", `The configuration refers to a ${missing.join(", ")} that does not exist`);
}
