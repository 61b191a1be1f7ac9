import type { RedisClient } from "@industryos/runtime";
import type { RuleEngineMessage } from "@industryos/device-protocol";

/** Days a day's counts are kept: today's and yesterday's are read, older ones expire by themselves. */
const KEEP_SECONDS = 3 * 86_400;

/** The hash of one UTC day's committed messages, a field per tenant. */
export function dailyMessagesKey(day: Date): string {
  return `usage:messages:${day.toISOString().slice(0, 10)}`;
}

/**
 * Counts committed messages (device uplinks, REST telemetry; not platform events) per tenant in
 * today's hash: one HINCRBY per tenant of the batch, in one round trip, so the home page's
 * "messages today" is a single HGET instead of a scan of the day's telemetry.
 */
export async function countDailyMessages(redis: RedisClient, messages: readonly RuleEngineMessage[], now = new Date()) {
  const byTenant = new Map<string, number>();
  for (const message of messages) {
    if (message.type === "EVENT") continue;
    byTenant.set(message.tenantId, (byTenant.get(message.tenantId) ?? 0) + 1);
  }
  if (byTenant.size === 0) return;
  const key = dailyMessagesKey(now);
  const pipeline = redis.pipeline();
  for (const [tenantId, count] of byTenant) pipeline.hincrby(key, tenantId, count);
  pipeline.expire(key, KEEP_SECONDS);
  const failed = (await pipeline.exec())?.find(([error]) => error);
  if (failed) throw failed[0];
}

/** A tenant's committed messages since 00:00 UTC. */
export async function messagesToday(redis: RedisClient, tenantId: string, now = new Date()): Promise<number> {
  return Number((await redis.hget(dailyMessagesKey(now), tenantId)) ?? 0);
}
