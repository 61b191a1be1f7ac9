import { crossSlotBatch, type RedisClient } from "@industryos/runtime";
import { Counter, Gauge, type Registry } from "prom-client";
import { RULE_ENGINE_GROUP, RULE_ENGINE_PARTITIONS, ruleEngineStream } from "@industryos/device-protocol";

/** XINFO GROUPS' flat reply of one group as a map. */
function groupInfo(reply: unknown[], group: string): Map<string, unknown> | null {
  for (const item of reply) {
    if (!Array.isArray(item)) continue;
    const map = new Map<string, unknown>();
    for (let i = 0; i + 1 < item.length; i += 2) map.set(String(item[i]), item[i + 1]);
    if (map.get("name") === group) return map;
  }
  return null;
}

/**
 * The rule engine's metrics on the workers' registry: messages processed, failures, dead
 * letters, and per partition the group's lag (entries no consumer has read yet) and pending
 * entries (read, not yet acknowledged), read from Redis at each scrape.
 */
export function createRuleEngineMetrics(registry: Registry | undefined, redis: RedisClient) {
  const registers = registry ? [registry] : [];
  const processed = new Counter({
    name: "industryos_rule_engine_messages_processed_total",
    help: "Rule messages that finished their chain (or had no chain to run)",
    labelNames: ["partition"],
    registers,
  });
  const failures = new Counter({
    name: "industryos_rule_engine_failures_total",
    help: "Chain runs that ended with a failure no Failure connection took, by whether another attempt could help",
    labelNames: ["partition", "retryable"],
    registers,
  });
  const deadLetters = new Counter({
    name: "industryos_rule_engine_dead_letters_total",
    help: "Messages parked on their tenant's dead-letter stream",
    labelNames: ["partition"],
    registers,
  });
  const lost = new Counter({
    name: "industryos_rule_engine_trimmed_entries_total",
    help: "Pending entries the stream had already trimmed away when they were read again (their messages are lost)",
    labelNames: ["partition"],
    registers,
  });
  const owned = new Gauge({
    name: "industryos_rule_engine_partitions_owned",
    help: "Partitions this process currently consumes",
    registers,
  });
  // Both gauges from one XINFO round per scrape.
  let reading: Promise<void> | null = null;
  const readGroups = () =>
    (reading ??= (async () => {
      const pipeline = crossSlotBatch(redis); // the partitions' streams are on several cluster nodes
      for (let p = 0; p < RULE_ENGINE_PARTITIONS; p++) pipeline.xinfo("GROUPS", ruleEngineStream(p));
      const results = (await pipeline.exec()) ?? [];
      results.forEach(([error, reply], p) => {
        const info = error ? null : groupInfo(reply as unknown[], RULE_ENGINE_GROUP);
        if (!info) return;
        const partition = String(p);
        const entriesLag = Number(info.get("lag"));
        if (Number.isFinite(entriesLag)) lag.set({ partition }, entriesLag);
        pending.set({ partition }, Number(info.get("pending")) || 0);
      });
    })().finally(() => (reading = null)));
  const lag = new Gauge({
    name: "industryos_rule_engine_lag_entries",
    help: "Entries of the partition no consumer has read yet (XINFO GROUPS lag)",
    labelNames: ["partition"],
    registers,
    collect: readGroups,
  });
  const pending = new Gauge({
    name: "industryos_rule_engine_pending_entries",
    help: "Entries of the partition read but not acknowledged yet",
    labelNames: ["partition"],
    registers,
    collect: readGroups,
  });

  return {
    processed: (partition: number, n = 1) => processed.inc({ partition: String(partition) }, n),
    failed: (partition: number, retryable: boolean) =>
      failures.inc({ partition: String(partition), retryable: String(retryable) }),
    deadLettered: (partition: number) => deadLetters.inc({ partition: String(partition) }),
    trimmed: (partition: number) => lost.inc({ partition: String(partition) }),
    owned: (count: number) => owned.set(count),
  };
}

export type RuleEngineMetrics = ReturnType<typeof createRuleEngineMetrics>;
