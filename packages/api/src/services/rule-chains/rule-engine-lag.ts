import { RULE_ENGINE_GROUP, RULE_ENGINE_PARTITIONS, ruleEngineStream } from "@industryos/device-protocol";
import type { RedisClient } from "@industryos/runtime";
import type { TenantContext } from "../../context.ts";

/** XINFO GROUPS answers each group as a flat list of names and values. */
function groupInfo(raw: unknown, name: string): Map<string, unknown> | undefined {
  if (!Array.isArray(raw)) return undefined;
  for (const group of raw) {
    if (!Array.isArray(group)) continue;
    const fields = new Map<string, unknown>();
    for (let i = 0; i + 1 < group.length; i += 2) fields.set(String(group[i]), group[i + 1]);
    if (fields.get("name") === name) return fields;
  }
  return undefined;
}

const count = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/**
 * One stream's length, and of a consumer group the entries delivered but not yet acknowledged
 * (`pending`) and not yet delivered (`lag`: Redis's own count, null when Redis cannot tell, after
 * deletions inside the unread range). All zero while the group (or the stream) does not exist.
 */
export async function streamGroupLag(redis: RedisClient, stream: string, group: string) {
  const length = await redis.xlen(stream);
  // No stream yet: XINFO answers an error, read as "no group".
  const info = groupInfo(await redis.xinfo("GROUPS", stream).catch(() => []), group);
  return {
    stream,
    length,
    groupExists: info !== undefined,
    pending: info ? (count(info.get("pending")) ?? 0) : 0,
    lag: info ? count(info.get("lag")) : 0,
    consumers: info ? (count(info.get("consumers")) ?? 0) : 0,
  };
}

/**
 * How far the rule engine's consumer group (RULE_ENGINE_GROUP) is behind, per partition stream.
 * The streams are shared by all tenants, so this is the platform's lag, not one tenant's.
 */
export async function ruleEngineLag(ctx: TenantContext) {
  const partitions = await Promise.all(
    Array.from({ length: RULE_ENGINE_PARTITIONS }, async (_, partition) => ({
      partition,
      ...(await streamGroupLag(ctx.deps.redis, ruleEngineStream(partition), RULE_ENGINE_GROUP)),
    })),
  );
  const sum = (pick: (p: (typeof partitions)[number]) => number | null) =>
    partitions.reduce<number | null>((total, p) => {
      const value = pick(p);
      return total === null || value === null ? null : total + value;
    }, 0);
  return {
    group: RULE_ENGINE_GROUP,
    partitions,
    total: { length: sum((p) => p.length), pending: sum((p) => p.pending), lag: sum((p) => p.lag) },
  };
}
