import { DEVICE_PROFILES_CHANGED_CHANNEL } from "@industryos/device-protocol";
import type { TenantContext } from "../../context.ts";

/** Workers cache a device profile's alarm rules: tell them it changed, so the new rules apply at once. */
export async function announceDeviceProfileChange(ctx: TenantContext, deviceProfileId: string): Promise<void> {
  await ctx.deps.redis
    .publish(DEVICE_PROFILES_CHANGED_CHANNEL, JSON.stringify({ tenantId: ctx.tenantId, deviceProfileId }))
    .catch((error: unknown) => ctx.deps.logger.warn({ err: error, deviceProfileId }, "profile change not announced"));
}
