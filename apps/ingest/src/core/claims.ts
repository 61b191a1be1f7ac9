import type { RedisClient } from "@industryos/runtime";
import type { ClaimRequest } from "@industryos/device-protocol";
import { deviceClaimKey, recordDeviceClaim } from "@industryos/device-bus";

/** The Redis key of a device's claim; the record's format belongs to device-bus, which the API reads it with. */
export const claimKey = deviceClaimKey;

/**
 * A device announces it may be claimed with a secret for a while (24 h unless it says); a customer user claims it
 * through the API (`POST /api/v1/customer/devices/{deviceName}/claim`), which checks the secret.
 */
export async function recordClaim(
  redis: RedisClient,
  tenantId: string,
  deviceId: string,
  claim: ClaimRequest,
  now = Date.now(),
) {
  await recordDeviceClaim(redis, tenantId, deviceId, claim, now);
}
