import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelemetryStore } from "@industryos/db/telemetry";
import { RULE_ENGINE_GROUP, RULE_ENGINE_PARTITIONS, ruleEngineStream } from "@industryos/device-protocol";
import { connectMqtt, newDevice, startHarness, waitFor, type Harness } from "./harness.ts";

// Redis database 57 is this file's.
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    redisDb: 57,
    overrides: { RULE_ENGINE_MAX_LAG_MESSAGES: 20, RULE_ENGINE_LAG_SAMPLE_MS: 50 },
  });
  // A rule engine ran once (its group exists) and is stopped now: nothing acknowledges.
  for (let p = 0; p < RULE_ENGINE_PARTITIONS; p++)
    await h.redis.xgroup("CREATE", ruleEngineStream(p), RULE_ENGINE_GROUP, "$", "MKSTREAM");
});
afterAll(async () => {
  await h?.close();
});

async function gauge(name: string): Promise<number | undefined> {
  const metric = (await h.ingest.metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  return metric?.values[0]?.value;
}

/** What the rule engine does: reads every new entry of the group and acknowledges it. */
async function consumeAll(): Promise<number> {
  let messages = 0;
  for (let p = 0; p < RULE_ENGINE_PARTITIONS; p++) {
    const stream = ruleEngineStream(p);
    const reply = (await h.redis.xreadgroup(
      "GROUP",
      RULE_ENGINE_GROUP,
      "t",
      "COUNT",
      10_000,
      "STREAMS",
      stream,
      ">",
    )) as [string, [string, string[]][]][] | null;
    const ids = (reply?.[0]?.[1] ?? []).map(([id]) => id);
    if (ids.length > 0) await h.redis.xack(stream, RULE_ENGINE_GROUP, ...ids);
    messages += ids.length;
  }
  return messages;
}

describe("rule-engine backpressure", () => {
  it("holds PUBACKs while the rule engine's lag is past RULE_ENGINE_MAX_LAG_MESSAGES, storing the messages, and resumes when it catches up", async () => {
    const { device, accessToken } = await newDevice(h);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    const publish = (seq: number) =>
      client.publishAsync("v1/devices/me/telemetry", JSON.stringify({ ts: 1_700_000_000_000 + seq, values: { seq } }), {
        qos: 1,
      });
    const acked = new Set<number>();
    const first = Array.from({ length: 25 }, (_, seq) => publish(seq).then(() => acked.add(seq)));
    await waitFor(async () => (await gauge("industryos_ingest_rule_engine_backpressure")) === 1);
    expect(await gauge("industryos_ingest_rule_engine_lag_messages")).toBeGreaterThan(20);

    let heldAcked = false;
    const held = publish(25).then(() => (heldAcked = true));
    const store = createTelemetryStore(h.db);
    const stored = async () =>
      (await store.range(h.tenantId, device.id, { keys: ["seq"], from: 0, to: Date.now(), order: "ASC", limit: 1000 }))
        .seq ?? [];
    // Committed to PostgreSQL, written to the stream, but not acknowledged.
    await waitFor(async () => (await stored()).length === 26);
    await new Promise((r) => setTimeout(r, 500));
    expect(heldAcked).toBe(false);

    // The rule engine catches up: acknowledgements resume.
    await waitFor(
      async () => (await consumeAll()) === 0 && (await gauge("industryos_ingest_rule_engine_backpressure")) === 0,
    );
    await held;
    await Promise.all(first);
    expect(acked.size).toBe(25);
    expect((await stored()).map((p) => p.value.value)).toEqual(Array.from({ length: 26 }, (_, i) => i));
    await client.endAsync();
  });
});
