import type { RedisClient } from "@industryos/runtime";
import { ApiError } from "../errors.ts";
import { waitInWords } from "./wait-in-words.ts";

export interface RateLimitRule {
  /** Attempts allowed inside one window. */
  limit: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters in Redis, shared by every web node. Login counts failures per email and
 * per client address, so one attacker cannot lock a victim out from everywhere and cannot spray
 * many accounts from one address.
 */
export function createRateLimiter(redis: RedisClient, prefix: string) {
  const keyOf = (bucket: string) => `${prefix}ratelimit:${bucket}`;
  return {
    /** Throws 429 (with the seconds to wait) when the bucket is already full. */
    async check(bucket: string, rule: RateLimitRule): Promise<void> {
      const key = keyOf(bucket);
      const [count, ttl] = await Promise.all([redis.get(key), redis.ttl(key)]);
      if (Number(count ?? 0) >= rule.limit) {
        const retryAfterSeconds = ttl > 0 ? ttl : rule.windowSeconds;
        throw new ApiError("RATE_LIMITED", `Too many attempts; try again ${waitInWords(retryAfterSeconds)}`, {
          retryAfterSeconds,
        });
      }
    },
    /** Counts one attempt; answers the count inside the current window. */
    async hit(bucket: string, rule: RateLimitRule): Promise<number> {
      const key = keyOf(bucket);
      const count = await redis.incr(key);
      if (count === 1) await redis.expire(key, rule.windowSeconds);
      return count;
    },
    async reset(bucket: string): Promise<void> {
      await redis.del(keyOf(bucket));
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

/**
 * Failed logins for one email from one client address that has never signed in to it: an
 * attacker guessing from one place is stopped there, without locking the owner out elsewhere.
 */
export const LOGIN_PER_EMAIL_AND_ADDRESS: RateLimitRule = { limit: 5, windowSeconds: 15 * 60 };
/**
 * Failed logins for one email from all addresses that never signed in to it: a ceiling for a
 * distributed guess. The owner's own addresses are not counted against it nor stopped by it.
 */
export const LOGIN_PER_EMAIL_FROM_NEW_ADDRESSES: RateLimitRule = { limit: 50, windowSeconds: 15 * 60 };
/** Failed logins from one address over all emails: against password spraying. */
export const LOGIN_PER_ADDRESS: RateLimitRule = { limit: 30, windowSeconds: 15 * 60 };
/** Failed logins for one email (anywhere) that make a burst worth telling the owner about, once per window. */
export const LOGIN_FAILURE_BURST: RateLimitRule = { limit: 5, windowSeconds: 15 * 60 };
export const SIGNUPS_PER_ADDRESS: RateLimitRule = { limit: 20, windowSeconds: 60 * 60 };
/** Sign-up emails (the link, or "someone tried to sign up") to one email address. */
export const SIGNUP_EMAILS_PER_ADDRESS: RateLimitRule = { limit: 3, windowSeconds: 60 * 60 };
/** Invitations refused because the address has an account in another workspace (an existence probe). */
export const INVITE_CONFLICTS_PER_TENANT: RateLimitRule = { limit: 5, windowSeconds: 60 * 60 };
/** Per API key: generous for scripts, a ceiling for runaway loops. */
/** Custom credentials refused because another device (of any tenant) has them: a guess that hit. */
export const CREDENTIAL_CONFLICTS_PER_TENANT: RateLimitRule = { limit: 5, windowSeconds: 60 * 60 };
export const API_KEY_REQUESTS: RateLimitRule = { limit: 1200, windowSeconds: 60 };
