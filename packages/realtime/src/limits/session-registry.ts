import { crossSlotBatch, type RedisClient } from "@industryos/runtime";
import type { RealtimePrincipal } from "../auth/authenticator.ts";

/**
 * Counts open WebSocket sessions and their subscriptions per tenant and per user across every
 * web node. Each one holds a lease in a Redis sorted set (score = lease expiry); nodes renew
 * the leases they hold, so a node that dies stops counting once its leases lapse, with no
 * cleanup job.
 */

const LEASE_MS = 60_000;
const RENEW_EVERY_MS = 20_000;

// Drops lapsed leases, checks both counts, then adds the member, atomically.
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

export type LimitName = "sessionsPerTenant" | "sessionsPerUser" | "subscriptionsPerTenant" | "subscriptionsPerUser";
export type AcquireResult = { ok: true } | { ok: false; limit: LimitName; max: number };

export interface SessionRegistry {
  acquire(sessionId: string, principal: RealtimePrincipal): Promise<AcquireResult>;
  /** Gives back the session and every subscription it still holds. */
  release(sessionId: string): Promise<void>;
  acquireSubscription(sessionId: string, cmdId: number, principal: RealtimePrincipal): Promise<AcquireResult>;
  releaseSubscription(sessionId: string, cmdId: number): Promise<void>;
  /** Stops renewing and releases everything this node holds. */
  close(): Promise<void>;
}

export interface RegistryLimits {
  maxSessionsPerTenant: number;
  maxSessionsPerUser: number;
  maxSubscriptionsPerTenant: number;
  maxSubscriptionsPerUser: number;
}

export function createSessionRegistry(
  opts: { redis: RedisClient; keyPrefix: string } & RegistryLimits,
): SessionRegistry {
  const { redis, keyPrefix } = opts;
  /** member → the sorted sets it is counted in. */
  const held = new Map<string, string[]>();
  /** sessionId → its subscription members, released with the session. */
  const subscriptionsOf = new Map<string, Set<string>>();
  // Hash-tagged with the tenant: the acquire script counts a tenant's and a user's set at once,
  // so on Redis Cluster both must be on one slot.
  const keysOf = (what: "sessions" | "subs", p: RealtimePrincipal) => {
    const keys = [`${keyPrefix}ws:{${p.tenantId}}:${what}:tenant`];
    if (p.userId) keys.push(`${keyPrefix}ws:{${p.tenantId}}:${what}:user:${p.userId}`);
    return keys;
  };

  async function acquireMember(
    member: string,
    keys: string[],
    maxTenant: number,
    maxUser: number,
    names: [LimitName, LimitName],
  ): Promise<AcquireResult> {
    const now = Date.now();
    const result = await redis.eval(
      ACQUIRE_SCRIPT,
      keys.length,
      ...keys,
      member,
      now,
      now + LEASE_MS,
      maxTenant,
      maxUser,
    );
    if (result === 1) return { ok: false, limit: names[0], max: maxTenant };
    if (result === 2) return { ok: false, limit: names[1], max: maxUser };
    held.set(member, keys);
    return { ok: true };
  }

  async function releaseMembers(members: string[]): Promise<void> {
    const pipeline = crossSlotBatch(redis);
    for (const member of members) {
      for (const key of held.get(member) ?? []) pipeline.zrem(key, member);
      held.delete(member);
    }
    await pipeline.exec();
  }

  const renew = setInterval(() => {
    if (held.size === 0) return;
    const expires = Date.now() + LEASE_MS;
    const pipeline = crossSlotBatch(redis);
    for (const [member, keys] of held) for (const key of keys) pipeline.zadd(key, "XX", expires, member);
    pipeline.exec().catch(() => {});
  }, RENEW_EVERY_MS);
  renew.unref();

  return {
    acquire: (sessionId, principal) =>
      acquireMember(sessionId, keysOf("sessions", principal), opts.maxSessionsPerTenant, opts.maxSessionsPerUser, [
        "sessionsPerTenant",
        "sessionsPerUser",
      ]),
    async release(sessionId) {
      const subscriptions = [...(subscriptionsOf.get(sessionId) ?? [])];
      subscriptionsOf.delete(sessionId);
      if (held.has(sessionId) || subscriptions.length) await releaseMembers([sessionId, ...subscriptions]);
    },
    async acquireSubscription(sessionId, cmdId, principal) {
      const member = `${sessionId}:${cmdId}`;
      const result = await acquireMember(
        member,
        keysOf("subs", principal),
        opts.maxSubscriptionsPerTenant,
        opts.maxSubscriptionsPerUser,
        ["subscriptionsPerTenant", "subscriptionsPerUser"],
      );
      if (result.ok) {
        let set = subscriptionsOf.get(sessionId);
        if (!set) subscriptionsOf.set(sessionId, (set = new Set()));
        set.add(member);
      }
      return result;
    },
    async releaseSubscription(sessionId, cmdId) {
      const member = `${sessionId}:${cmdId}`;
      subscriptionsOf.get(sessionId)?.delete(member);
      if (held.has(member)) await releaseMembers([member]);
    },
    async close() {
      clearInterval(renew);
      subscriptionsOf.clear();
      if (held.size) await releaseMembers([...held.keys()]).catch(() => {});
    },
  };
}
