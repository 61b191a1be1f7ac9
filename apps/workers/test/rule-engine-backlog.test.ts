import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import { Registry } from "prom-client";
import type { DatabaseClients } from "@industryos/db";
import { RuleEngineOutbox } from "@industryos/device-bus";
import { RULE_ENGINE_PARTITIONS, ruleEngineEntries, ruleEngineStream } from "@industryos/device-protocol";
import { startRuleEngine, type RunningRuleEngine } from "../src/rules/rule-engine.ts";
import {
  closeTestDatabase,
  FAST_SETTINGS,
  logger,
  pendingEntries,
  telemetry,
  tenantWithChain,
  testDatabase,
  testRedis,
  waitFor,
} from "./support/rule-engine.ts";

// Redis database 56 is this file's.
let db: DatabaseClients;
const closers: (() => unknown)[] = [];

beforeAll(async () => {
  db = await testDatabase();
});
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await closeTestDatabase();
});

async function counter(registry: Registry, name: string): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  return (metric?.values ?? []).reduce((sum, v) => sum + Number(v.value), 0);
}

async function streamLengths(redis: Redis): Promise<number[]> {
  return Promise.all(Array.from({ length: RULE_ENGINE_PARTITIONS }, (_, p) => redis.xlen(ruleEngineStream(p))));
}

describe("rule engine: streams filled past their old bound while no worker runs", () => {
  it("processes every message once the workers are back, and trimming then shrinks the streams", async () => {
    const redis = await testRedis(56);
    closers.push(() => redis.disconnect());
    const { tenantId, devices } = await tenantWithChain(
      db,
      {
        nodes: [{ id: "only-even", type: "filter.script", config: { script: "return msg.seq % 2 === 0;" } }],
        connections: [{ from: "input", to: "only-even", relation: "Success" }],
      },
      4,
    );

    // A worker ran once (the group exists), then all workers stopped.
    const first = startRuleEngine({ db, redis, logger, allowPrivateNetworks: true, settings: FAST_SETTINGS });
    await waitFor(async () => first.partitions().length === RULE_ENGINE_PARTITIONS);
    await first.stop();

    // Ingest's outbox, keeping the streams as ingest does; the old MAXLEN bound was streamMaxMessages
    // per stream: 500 here, while each device's partition gets 800 entries.
    const outbox = new RuleEngineOutbox(redis, {
      maxBacklogMessages: 100_000,
      streamMaxMessages: 500,
      keep: { intervalMs: 50, maxLagMessages: 1_000_000 },
      logger,
    });
    closers.push(() => outbox.close(1_000));
    const perDevice = 800;
    let entries = 0;
    for (let seq = 0; seq < perDevice; seq++) {
      const batch = ruleEngineEntries(devices.map((d) => telemetry(tenantId, d.id, { seq })));
      entries += batch.length;
      await outbox.append(batch);
    }
    await outbox.keep();
    const total = perDevice * devices.length;
    // Nothing trimmed while nobody consumed (devices sharing a partition share its entries).
    expect((await streamLengths(redis)).reduce((a, b) => a + b, 0)).toBe(entries);
    expect(outbox.lag).toMatchObject({ messages: total, backpressure: false });

    const registry = new Registry();
    const engine: RunningRuleEngine = startRuleEngine({
      db,
      redis,
      logger,
      registry,
      allowPrivateNetworks: true,
      settings: FAST_SETTINGS,
    });
    closers.push(() => engine.stop());
    await waitFor(
      async () => (await counter(registry, "industryos_rule_engine_messages_processed_total")) >= total,
      60_000,
    );
    expect(await counter(registry, "industryos_rule_engine_messages_processed_total")).toBe(total);
    expect(await counter(registry, "industryos_rule_engine_trimmed_entries_total")).toBe(0);
    expect(await counter(registry, "industryos_rule_engine_dead_letters_total")).toBe(0);
    await waitFor(async () => (await pendingEntries(redis)) === 0);

    // Everything acknowledged: trimming leaves each stream at most its last node (100 entries).
    await outbox.keep();
    const lengths = await streamLengths(redis);
    for (const length of lengths) expect(length).toBeLessThanOrEqual(100);
    expect(outbox.lag).toMatchObject({ messages: 0, backpressure: false });
  }, 120_000);
});
