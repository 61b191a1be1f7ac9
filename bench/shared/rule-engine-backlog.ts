import type { Redis } from "ioredis";
import { RULE_ENGINE_GROUP, RULE_ENGINE_PARTITIONS, ruleEngineStream } from "@industryos/device-protocol";

/** XINFO's flat [name, value, ...] reply as a map. */
const asMap = (item: unknown) => {
  const map = new Map<string, unknown>();
  if (Array.isArray(item)) for (let i = 0; i + 1 < item.length; i += 2) map.set(String(item[i]), item[i + 1]);
  return map;
};

/**
 * The rule engine's backlog in stream entries, over the 8 partitions: the group's lag (entries
 * no consumer has read) and pending (read, not yet acknowledged), and pending per consumer.
 */
export async function ruleEngineBacklog(
  redis: Redis,
): Promise<{ lag: number; pending: number; byConsumer: Map<string, number> }> {
  const pipeline = redis.pipeline();
  for (let p = 0; p < RULE_ENGINE_PARTITIONS; p++) {
    pipeline.xinfo("GROUPS", ruleEngineStream(p));
    pipeline.xinfo("CONSUMERS", ruleEngineStream(p), RULE_ENGINE_GROUP);
  }
  const results = (await pipeline.exec()) ?? [];
  let lag = 0;
  let pending = 0;
  const byConsumer = new Map<string, number>();
  for (let p = 0; p < RULE_ENGINE_PARTITIONS; p++) {
    const [groupsError, groups] = results[2 * p]!;
    if (!groupsError)
      for (const g of groups as unknown[]) {
        const info = asMap(g);
        if (info.get("name") !== RULE_ENGINE_GROUP) continue;
        lag += Number(info.get("lag")) || 0;
        pending += Number(info.get("pending")) || 0;
      }
    const [consumersError, consumers] = results[2 * p + 1]!;
    if (!consumersError)
      for (const c of consumers as unknown[]) {
        const info = asMap(c);
        const name = String(info.get("name"));
        byConsumer.set(name, (byConsumer.get(name) ?? 0) + (Number(info.get("pending")) || 0));
      }
  }
  return { lag, pending, byConsumer };
}
