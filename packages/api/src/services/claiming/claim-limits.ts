import { createRateLimiter, type RateLimitRule } from "../../auth/rate-limit.ts";
import type { TenantContext } from "../../context.ts";

/** Failed claims per user, and per client address over all users: a secret cannot be guessed by trying. */
export const FAILED_CLAIMS_PER_USER: RateLimitRule = { limit: 5, windowSeconds: 15 * 60 };
export const FAILED_CLAIMS_PER_ADDRESS: RateLimitRule = { limit: 20, windowSeconds: 15 * 60 };

const buckets = (ctx: TenantContext, ipAddress: string | undefined) => [
  { bucket: `claim-failures:user:${ctx.actor.userId ?? ctx.actor.apiKeyId}`, rule: FAILED_CLAIMS_PER_USER },
  ...(ipAddress ? [{ bucket: `claim-failures:address:${ipAddress}`, rule: FAILED_CLAIMS_PER_ADDRESS }] : []),
];

/** 429 with Retry-After once either count is full; checked before the secret is compared. */
export async function assertMayTryClaim(ctx: TenantContext, ipAddress: string | undefined) {
  const limiter = createRateLimiter(ctx.deps.redis, ctx.deps.redisPrefix);
  for (const { bucket, rule } of buckets(ctx, ipAddress)) await limiter.check(bucket, rule);
}

export async function countFailedClaim(ctx: TenantContext, ipAddress: string | undefined) {
  const limiter = createRateLimiter(ctx.deps.redis, ctx.deps.redisPrefix);
  for (const { bucket, rule } of buckets(ctx, ipAddress)) await limiter.hit(bucket, rule);
}
