import { DEVICE_PROFILES_CHANGED_CHANNEL } from "@industryos/device-protocol";
import type { TenantContext } from "../../context.ts";

/**
 * Workers cache a device profile's alarm rules and ingest its payload types: tell them it changed,
 * so the new settings apply at once. With `deviceId`: that device moved to this profile (ingest
 * caches each device's profile).
 */
export async function announceDeviceProfileChange(
  ctx: TenantContext,
  deviceProfileId: string,
  deviceId?: string,
): Promise<void> {
  const change = { tenantId: ctx.tenantId, deviceProfileId, ...(deviceId ? { deviceId } : {}) };
  await ctx.deps.redis
    .publish(DEVICE_PROFILES_CHANGED_CHANNEL, JSON.stringify(change))
    .catch((error: unknown) => ctx.deps.logger.warn({ err: error, deviceProfileId }, "profile change not announced"));
}
