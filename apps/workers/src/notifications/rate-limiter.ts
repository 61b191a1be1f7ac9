import type { NotificationChannel } from "@industryos/api/notifications";
import type { RedisClient } from "@industryos/runtime";

const WINDOW_MS = 60_000;

/** Counts one send in the window and answers whether it fits; the key expires with its window. */
const TAKE = `
local used = redis.call('INCR', KEYS[1])
if used == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if used > tonumber(ARGV[1]) then return 0 end
return 1
`;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

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
  const window = Math.floor(now / WINDOW_MS);
  const key = `notifications:rate:${tenantId}:${channel}:${window}`;
  const allowed = await redis.eval(TAKE, 1, key, perMinute, WINDOW_MS * 2);
  if (allowed === 1) return { allowed: true };
  return { allowed: false, retryAfterMs: (window + 1) * WINDOW_MS - now };
}
