import { beforeAll, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import type { DatabaseClients } from "@industryos/db";
import { createTelemetryStore } from "@industryos/db/telemetry";
import { readDeadLetter, ruleEngineDeadLetters } from "@industryos/device-protocol";
import type { RuleChainDefinition } from "@industryos/rules";
import {
  append,
  engine,
  pendingEntries,
  telemetry,
  tenantWithChain,
  testDatabase,
  waitFor,
  webhookServer,
} from "./support/rule-engine.ts";
import { stopAfterFile } from "./support/stop-after-file.ts";

// Redis databases 43-46 and 48 are this file's.
let db: DatabaseClients;
const { engines, redisAt, onClose } = stopAfterFile();

beforeAll(async () => {
  db = await testDatabase();
});

async function deadLetters(redis: Redis, tenantId: string) {
  const entries = await redis.xrange(ruleEngineDeadLetters(tenantId), "-", "+");
  return entries.map(([, fields]) => {
    const map = new Map<string, string>();
    for (let i = 0; i < fields.length; i += 2) map.set(fields[i]!, fields[i + 1]!);
    return { ...readDeadLetter(fields), nodeId: map.get("nodeId"), chainId: map.get("chainId") };
  });
}

const webhookChain = (url: string): RuleChainDefinition => ({
  nodes: [{ id: "hook", type: "external.webhook", config: { url } }],
  connections: [{ from: "input", to: "hook", relation: "Success" }],
});

describe("rule engine: retries and dead letters", () => {
  it("dead-letters a message whose script fails (no retry can help), acknowledges its entry and goes on with the next", async () => {
    const redis = await redisAt(43);
    const { tenantId, devices, chainId } = await tenantWithChain(db, {
      nodes: [
        {
          id: "convert",
          type: "transform.script",
          config: { script: "if (msg.temperature > 100) throw new Error('sensor broken'); return {msg: msg};" },
        },
        { id: "save", type: "action.saveTimeseries", config: {} },
      ],
      connections: [
        { from: "input", to: "convert", relation: "Success" },
        { from: "convert", to: "save", relation: "Success" },
      ],
    });
    const device = devices[0]!;
    engines.push(engine(db, redis));
    await append(redis, [
      telemetry(tenantId, device.id, { temperature: 500 }),
      telemetry(tenantId, device.id, { temperature: 21 }),
    ]);

    const [letter] = await waitFor(async () => {
      const letters = await deadLetters(redis, tenantId);
      return letters.length > 0 && letters;
    });
    expect(letter).toMatchObject({
      attempts: 1,
      nodeId: "convert",
      chainId,
      stream: expect.stringMatching(/^rule-engine:\d$/),
    });
    expect(letter!.error).toContain("sensor broken");
    // The message as it stood in the entry, ready to be replayed.
    expect(JSON.parse(letter!.message)).toMatchObject({
      type: "POST_TELEMETRY_REQUEST",
      deviceId: device.id,
      data: { temperature: 500 },
    });
    await waitFor(async () => (await pendingEntries(redis)) === 0);
    // The next message of the same entry still went through: its value was saved by the chain.
    const store = createTelemetryStore({ appPool: db.appPool, systemPool: db.systemPool });
    const latest = await waitFor(async () => {
      const points = await store.latest(tenantId, device.id, ["temperature"]);
      return points.temperature && points;
    });
    expect(latest.temperature!.value).toMatchObject({ value: 21 });
  });

  it("retries a webhook answering 500 twice and then 200, without a dead letter", async () => {
    const redis = await redisAt(44);
    const server = await webhookServer((n) => (n <= 2 ? 500 : 200));
    onClose(server.close);
    const { tenantId, devices } = await tenantWithChain(db, webhookChain(server.url));
    // Two runs per delivery: the second delivery (after the entry stayed pending) succeeds.
    engines.push(engine(db, redis, { retryAttempts: 2, maxDeliveries: 3 }));
    await append(redis, [telemetry(tenantId, devices[0]!.id, { temperature: 22 })]);

    await waitFor(async () => server.bodies.length === 3 && (await pendingEntries(redis)) === 0);
    expect(server.bodies.map((b) => JSON.parse(b))).toEqual([
      { temperature: 22 },
      { temperature: 22 },
      { temperature: 22 },
    ]);
    expect(await deadLetters(redis, tenantId)).toEqual([]);
  });

  it("dead-letters a message still failing retryably after the last delivery, and acknowledges the entry", async () => {
    const redis = await redisAt(45);
    const server = await webhookServer(() => 503);
    onClose(server.close);
    const { tenantId, devices, chainId } = await tenantWithChain(db, webhookChain(server.url));
    engines.push(engine(db, redis, { retryAttempts: 2, maxDeliveries: 2 }));
    await append(redis, [telemetry(tenantId, devices[0]!.id, { temperature: 23 })]);

    const [letter] = await waitFor(async () => {
      const letters = await deadLetters(redis, tenantId);
      return letters.length > 0 && letters;
    });
    // 2 deliveries × 2 runs.
    expect(server.bodies).toHaveLength(4);
    expect(letter).toMatchObject({ attempts: 4, nodeId: "hook", chainId });
    expect(letter!.error).toContain("answered 503");
    await waitFor(async () => (await pendingEntries(redis)) === 0);
  });

  it("dead-letters at once when the webhook answers 4xx", async () => {
    const redis = await redisAt(46);
    const server = await webhookServer(() => 404);
    onClose(server.close);
    const { tenantId, devices } = await tenantWithChain(db, webhookChain(server.url));
    engines.push(engine(db, redis));
    await append(redis, [telemetry(tenantId, devices[0]!.id, { temperature: 24 })]);
    const [letter] = await waitFor(async () => {
      const letters = await deadLetters(redis, tenantId);
      return letters.length > 0 && letters;
    });
    expect(server.bodies).toHaveLength(1);
    expect(letter).toMatchObject({ attempts: 1 });
  });

  it("hands a stopped consumer's pending entry to the next at once, without waiting for it to go idle", async () => {
    const redis = await redisAt(48);
    const server = await webhookServer((n) => (n <= 2 ? 500 : 200));
    onClose(server.close);
    const { tenantId, devices } = await tenantWithChain(db, webhookChain(server.url));
    // The first consumer fails twice and would wait 60 s before delivering the entry again.
    const first = engine(db, redis, { retryAttempts: 2, redeliveryDelayMs: 60_000, claimIdleMs: 60_000 });
    await append(redis, [telemetry(tenantId, devices[0]!.id, { temperature: 25 })]);
    await waitFor(async () => server.bodies.length === 2);
    await first.stop();
    expect(await pendingEntries(redis)).toBe(1);

    // The next one claims it although its idle bound is a minute: the stopped one handed it back.
    const started = Date.now();
    engines.push(engine(db, redis, { claimIdleMs: 60_000 }));
    await waitFor(async () => server.bodies.length === 3 && (await pendingEntries(redis)) === 0, 10_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await deadLetters(redis, tenantId)).toEqual([]);
  });
});
