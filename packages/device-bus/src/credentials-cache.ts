import { createHash } from "node:crypto";
import { crossSlotBatch, type RedisClient } from "@industryos/runtime";
import { CREDENTIALS_CHANGED_CHANNEL } from "@industryos/device-protocol";

// Cache keys hash the credential so tokens never appear in Redis key listings.
export function credentialCacheKey(type: string, id: string): string {
  return `ingest:credentials:${type}:${createHash("sha256").update(id).digest("hex")}`;
}

/**
 * Failed device logins of one client address in the current minute, shared by every ingest
 * node; the web API adds credential conflicts to it (a token that is taken was guessed right).
 */
export function deviceAuthFailuresKey(address: string): string {
  return `ingest:auth-failures:${address}`;
}

export function deviceCacheIndexKey(deviceId: string): string {
  return `ingest:credentials-of:${deviceId}`;
}

/**
 * Call after a device's credentials change or the device is deleted (web API, workers): drops
 * every cached session of the device, and tells ingest nodes to disconnect its live sessions.
 */
export async function invalidateDeviceCredentials(redis: RedisClient, deviceId: string): Promise<void> {
  const indexKey = deviceCacheIndexKey(deviceId);
  const keys = await redis.smembers(indexKey);
  // Cached sessions are keyed by credential (ingest looks them up before it knows the device), so
  // on Redis Cluster they lie on any slot: one DEL each. All are gone before ingest nodes hear of
  // the change, so a device they disconnect cannot sign in again from the cache.
  const deletes = crossSlotBatch(redis);
  for (const key of [...keys, indexKey]) deletes.del(key);
  const failed = (await deletes.exec())?.find(([error]) => error);
  if (failed) throw failed[0];
  await redis.publish(CREDENTIALS_CHANGED_CHANNEL, JSON.stringify({ deviceId }));
}

/** Same, for a credential that matched no device yet (a new token shadowed by a cached "unknown"). */
export async function invalidateCredential(
  redis: RedisClient,
  type: "ACCESS_TOKEN" | "X509_CERTIFICATE",
  id: string,
): Promise<void> {
  await redis.del(credentialCacheKey(type, id));
}
