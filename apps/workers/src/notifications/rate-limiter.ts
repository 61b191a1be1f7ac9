import type { NotificationChannel } from "@industryos/api/notifications";
import type { RedisClient } from "@industryos/runtime";

const WINDOW_MS = 60_000;

/** Counts `n` sends in the window and answers how many of them fit; the key expires with its window. */
const TAKE = `
local n = tonumber(ARGV[3])
local used = redis.call('INCRBY', KEYS[1], n)
if used == n then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return math.max(0, math.min(n, tonumber(ARGV[1]) - used + n))
`;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

const windowOf = (now: number) => Math.floor(now / WINDOW_MS);

/**
 * Counts `n` sends of a channel in the tenant's window; the first that many returned fit (those refused count
 * too, as a single refused send does).
 */
export async function takeNotificationSlots(
  redis: RedisClient,
  tenantId: string,
  channel: NotificationChannel,
  perMinute: number,
  now: number,
  n: number,
): Promise<number> {
  const key = `notifications:rate:${tenantId}:${channel}:${windowOf(now)}`;
  return Number(await redis.eval(TAKE, 1, key, perMinute, WINDOW_MS * 2, n));
}

/**
 * Notifications per minute per tenant and channel, shared by every worker: a fixed one-minute window
 * counted in Redis. `now` is the workflow's clock, so a test's skipped time moves the window too;
 * in production it is the wall clock. Over the limit the answer says when the next window opens.
 */
export async function takeNotificationSlot(
  redis: RedisClient,
  tenantId: string,
  channel: NotificationChannel,
  perMinute: number,
  now: number,
): Promise<RateDecision> {
  if ((await takeNotificationSlots(redis, tenantId, channel, perMinute, now, 1)) === 1) return { allowed: true };
  return { allowed: false, retryAfterMs: (windowOf(now) + 1) * WINDOW_MS - now };
}
