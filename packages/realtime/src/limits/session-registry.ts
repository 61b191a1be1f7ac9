import type { Redis } from "ioredis";
import type { RealtimePrincipal } from "../auth/authenticator.ts";

/**
 * Counts open WebSocket sessions per tenant and per user across every web node. Each session
 * holds a lease in a Redis sorted set (score = lease expiry); nodes renew their sessions' leases,
 * so a node that dies stops counting once its leases lapse, with no cleanup job.
 */

const LEASE_MS = 60_000;
const RENEW_EVERY_MS = 20_000;

// Drops lapsed leases, checks both counts, then adds the session, atomically.
// Returns 0 = admitted, 1 = tenant limit reached, 2 = user limit reached.
const ACQUIRE_SCRIPT = `
local now = tonumber(ARGV[2])
local expires = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 1 end
if #KEYS > 1 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return 2 end
  redis.call('ZADD', KEYS[2], expires, ARGV[1])
  redis.call('PEXPIRE', KEYS[2], ${LEASE_MS * 2})
end
redis.call('ZADD', KEYS[1], expires, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ${LEASE_MS * 2})
return 0
`;

export type AcquireResult = { ok: true } | { ok: false; limit: "sessionsPerTenant" | "sessionsPerUser"; max: number };

export interface SessionRegistry {
  acquire(sessionId: string, principal: RealtimePrincipal): Promise<AcquireResult>;
  release(sessionId: string): Promise<void>;
  /** Stops renewing and releases every session this node holds. */
  close(): Promise<void>;
}

export function createSessionRegistry(opts: {
  redis: Redis;
  keyPrefix: string;
  maxSessionsPerTenant: number;
  maxSessionsPerUser: number;
}): SessionRegistry {
  const { redis, keyPrefix } = opts;
  const held = new Map<string, string[]>();
  const keysOf = (p: RealtimePrincipal) => {
    const keys = [`${keyPrefix}ws:sessions:tenant:${p.tenantId}`];
    if (p.userId) keys.push(`${keyPrefix}ws:sessions:user:${p.userId}`);
    return keys;
  };

  const renew = setInterval(() => {
    if (held.size === 0) return;
    const expires = Date.now() + LEASE_MS;
    const pipeline = redis.pipeline();
    for (const [sessionId, keys] of held) for (const key of keys) pipeline.zadd(key, "XX", expires, sessionId);
    pipeline.exec().catch(() => {});
  }, RENEW_EVERY_MS);
  renew.unref();

  return {
    async acquire(sessionId, principal) {
      const keys = keysOf(principal);
      const now = Date.now();
      const result = await redis.eval(
        ACQUIRE_SCRIPT,
        keys.length,
        ...keys,
        sessionId,
        now,
        now + LEASE_MS,
        opts.maxSessionsPerTenant,
        opts.maxSessionsPerUser,
      );
      if (result === 1) return { ok: false, limit: "sessionsPerTenant", max: opts.maxSessionsPerTenant };
      if (result === 2) return { ok: false, limit: "sessionsPerUser", max: opts.maxSessionsPerUser };
      held.set(sessionId, keys);
      return { ok: true };
    },
    async release(sessionId) {
      const keys = held.get(sessionId);
      if (!keys) return;
      held.delete(sessionId);
      const pipeline = redis.pipeline();
      for (const key of keys) pipeline.zrem(key, sessionId);
      await pipeline.exec();
    },
    async close() {
      clearInterval(renew);
      await Promise.allSettled([...held.keys()].map((id) => this.release(id)));
    },
  };
}
