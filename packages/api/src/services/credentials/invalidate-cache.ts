import { createHash } from "node:crypto";
import { CREDENTIALS_CHANGED_CHANNEL } from "@industryos/device-protocol";
import type { Redis } from "ioredis";

/**
 * Ingest caches device credentials in Redis and keeps live sessions open; after a change the
 * old token must stop working at once. Same keys and message as apps/ingest
 * `core/credentials-cache.ts` (ingest owns the format; this mirrors `invalidateDeviceCredentials`).
 */
export async function invalidateDeviceCredentials(redis: Redis, deviceId: string, newCredentialsId?: string): Promise<void> {
  const indexKey = `ingest:credentials-of:${deviceId}`;
  const keys = await redis.smembers(indexKey);
  // A token that was tried before it existed is cached as "unknown"; forget that too.
  if (newCredentialsId) {
    for (const type of ["ACCESS_TOKEN", "X509_CERTIFICATE"]) {
      keys.push(`ingest:credentials:${type}:${createHash("sha256").update(newCredentialsId).digest("hex")}`);
    }
  }
  await redis
    .multi()
    .del(...keys, indexKey)
    .publish(CREDENTIALS_CHANGED_CHANNEL, JSON.stringify({ deviceId }))
    .exec();
}
