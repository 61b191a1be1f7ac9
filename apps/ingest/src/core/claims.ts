import type { Redis } from "ioredis";
import type { ClaimRequest } from "@industryos/device-protocol";

/** ThingsBoard's default claim window when the device gives no duration. */
const DEFAULT_CLAIM_DURATION_MS = 24 * 60 * 60 * 1000;

export function claimKey(deviceId: string): string {
  return `device-claim:${deviceId}`;
}

/**
 * A device announces it may be claimed with a secret for a while; the platform API checks the
 * secret when a customer claims it. Kept in Redis with the window as its TTL, so an expired
 * claim disappears by itself.
 */
export async function recordClaim(
  redis: Redis,
  tenantId: string,
  deviceId: string,
  claim: ClaimRequest,
  now = Date.now(),
) {
  const durationMs = claim.durationMs ?? DEFAULT_CLAIM_DURATION_MS;
  await redis.set(
    claimKey(deviceId),
    JSON.stringify({ tenantId, secretKey: claim.secretKey, expiresAt: now + durationMs }),
    "PX",
    durationMs,
  );
}
