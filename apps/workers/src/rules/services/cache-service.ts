import type { RedisClient } from "@industryos/runtime";
import { PermanentError, type RuleServices } from "@industryos/rules";

/** Largest value a node may keep (a deduplication window holds one message). */
const MAX_VALUE_BYTES = 1 << 20;

/** Node state across messages in Redis, `rules:state:{tenantId}:{key}`, with an expiry: shared by every worker. */
export function createCacheService(redis: RedisClient): RuleServices["cache"] {
  const keyOf = (tenantId: string, key: string) => `rules:state:${tenantId}:${key}`;
  return {
    get: (tenantId, key) => redis.get(keyOf(tenantId, key)),
    async set(tenantId, key, value, ttlSeconds) {
      if (Buffer.byteLength(value) > MAX_VALUE_BYTES)
        throw new PermanentError(`Node state over ${MAX_VALUE_BYTES} bytes`);
      await redis.set(keyOf(tenantId, key), value, "EX", Math.max(1, Math.ceil(ttlSeconds)));
    },
  };
}
