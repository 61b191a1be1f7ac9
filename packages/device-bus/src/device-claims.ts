import { timingSafeEqual } from "node:crypto";
import type { RedisClient } from "@industryos/runtime";

/**
 * Claiming as ThingsBoard has it: the device announces that it may be claimed, with a secret and for a while
 * (ingest writes this on the device's `claim` message, any transport); a customer user who knows the device's name
 * and secret claims it through the API. One Redis key per device, its TTL the claim window, so an expired claim
 * disappears by itself.
 */
export interface DeviceClaim {
  tenantId: string;
  secretKey: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** ThingsBoard's default claim window when the device gives no duration. */
export const DEFAULT_CLAIM_DURATION_MS = 24 * 60 * 60 * 1000;

export function deviceClaimKey(deviceId: string): string {
  return `device-claim:${deviceId}`;
}

export async function recordDeviceClaim(
  redis: RedisClient,
  tenantId: string,
  deviceId: string,
  claim: { secretKey: string; durationMs?: number },
  now = Date.now(),
) {
  const durationMs = claim.durationMs ?? DEFAULT_CLAIM_DURATION_MS;
  const record: DeviceClaim = { tenantId, secretKey: claim.secretKey, expiresAt: now + durationMs };
  await redis.set(deviceClaimKey(deviceId), JSON.stringify(record), "PX", durationMs);
}

/**
 * Takes the device's claim if `secretKey` matches it (compared in constant time) and it is the tenant's: the claim
 * is deleted in the same step, so a secret claims a device once. False for a wrong secret, an expired or absent
 * claim; a wrong secret leaves the claim in place.
 */
export async function takeDeviceClaim(redis: RedisClient, tenantId: string, deviceId: string, secretKey: string) {
  const key = deviceClaimKey(deviceId);
  const stored = await redis.get(key);
  if (!stored) return false;
  let claim: DeviceClaim;
  try {
    claim = JSON.parse(stored) as DeviceClaim;
  } catch {
    return false;
  }
  const given = Buffer.from(secretKey);
  const expected = Buffer.from(claim.secretKey ?? "");
  const matches = given.length === expected.length && timingSafeEqual(given, expected);
  if (!matches || claim.tenantId !== tenantId || claim.expiresAt < Date.now()) return false;
  // Only the caller whose DEL removed it took it: two claims of one secret at once cannot both win.
  return (await redis.del(key)) === 1;
}
