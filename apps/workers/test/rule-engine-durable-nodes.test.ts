import type { TestWorkflowEnvironment } from "@temporalio/testing";
import type { Worker } from "@temporalio/worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import type { DatabaseClients } from "@industryos/db";
import { createDevice, createTenant } from "@industryos/db/testing";
import { readDebugEvent, RULE_CHAINS_CHANGED_CHANNEL, ruleChainDebugEvents } from "@industryos/device-protocol";
import { createMessage, type RuleChainDefinition, type RuleMessage } from "@industryos/rules";
import type { LazyTemporalClient } from "@industryos/temporal-client";
import { ruleGeneratorWorkflowId } from "@industryos/temporal-client/workflows/rules";
import { startRuleEngine, type RunningRuleEngine } from "../src/rules/rule-engine.ts";
import { toRuleMessages } from "../src/rules/rule-messages.ts";
import { createDelayService, delayPendingKey } from "../src/rules/services/delay-service.ts";
import { TASK_QUEUE } from "../src/temporal/shared.ts";
import { createWorker } from "../src/temporal/worker.ts";
import { InMemoryDeviceStore } from "./support/in-memory-devices.ts";
import {
  append,
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
import { createTimeSkippingEnvironment, INSTALL_TIMEOUT_MS, quietTemporalLogs } from "./support/temporal.ts";

// Redis database 51 is this file's. One time-skipping environment, its tests in order (skipped
// time is global to it).
const REDIS_DB = 51;
const HOUR = 3_600_000;
let env: TestWorkflowEnvironment;
let db: DatabaseClients;
let redis: Redis;
let temporal: LazyTemporalClient;
let worker: { worker: Worker; running: Promise<void> } | undefined;
let ruleEngine: RunningRuleEngine | undefined;

async function startWorker() {
  const created = await createWorker({
    connection: env.nativeConnection,
    deps: { devices: new InMemoryDeviceStore(), rules: { db, redis } },
    maxCachedWorkflows: 0, // see createWorker: this file restarts its worker
  });
  worker = { worker: created, running: created.run() };
}

async function stopWorker() {
  worker?.worker.shutdown();
  await worker?.running;
  worker = undefined;
}

const startEngine = () =>
  (ruleEngine = startRuleEngine({
    db,
    redis,
    logger,
    allowPrivateNetworks: true,
    settings: FAST_SETTINGS,
    temporal,
  }));

beforeAll(async () => {
  quietTemporalLogs();
  env = await createTimeSkippingEnvironment();
  db = await testDatabase();
  redis = await testRedis(REDIS_DB);
  temporal = { taskQueue: TASK_QUEUE, get: async () => env.client, close: async () => undefined };
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  await ruleEngine?.stop();
  await stopWorker();
  await env?.teardown();
  redis?.disconnect();
  await closeTestDatabase();
});

/** A chain's debug events, their input as the rule message it was. */
const debugEvents = async (tenantId: string, chainId: string) =>
  (await redis.xrange(ruleChainDebugEvents(tenantId, chainId), "-", "+")).map(([, f]) => {
    const event = readDebugEvent(f)!;
    return { ...event, input: event.input as RuleMessage };
  });

/** Server attributes of an entity, as numbers or text. */
async function attributes(tenantId: string, entityId: string) {
  const rows = await db.forTenant(tenantId).attribute.findMany({ where: { entityId, scope: "SERVER" } });
  return Object.fromEntries(
    rows.map((a) => [a.key, a.stringValue ?? a.doubleValue ?? (a.longValue === null ? null : Number(a.longValue))]),
  );
}

describe("action.delay", () => {
  /** input → wait an hour → save the data as server attributes (debug on). */
  const delayed: RuleChainDefinition = {
    nodes: [
      { id: "wait", type: "action.delay", config: { period: 1, unit: "HOURS" } },
      { id: "save", type: "action.saveAttributes", config: { scope: "SERVER" }, debug: true },
    ],
    connections: [
      { from: "input", to: "wait", relation: "Success" },
      { from: "wait", to: "save", relation: "Success" },
    ],
  };

  it("holds a message an hour in a workflow, across a restart of the worker and the rule engine, then runs the next node", async () => {
    await startWorker();
    startEngine();
    const { tenantId, devices, chainId } = await tenantWithChain(db, delayed);
    const device = devices[0]!;
    await append(redis, [telemetry(tenantId, device.id, { temperature: 31 })]);

    // The run ends at the delay node: the entry is acknowledged once the workflow has started.
    const waiting = delayPendingKey(tenantId, chainId, "wait");
    const [workflowId] = await waitFor(async () => {
      const ids = await redis.zrange(waiting, "0", "-1");
      return ids.length > 0 && ids;
    });
    await waitFor(async () => (await pendingEntries(redis)) === 0);
    const handle = env.client.workflow.getHandle(workflowId!);
    expect((await handle.describe()).status.name).toBe("RUNNING");
    expect(await attributes(tenantId, device.id)).toEqual({});
    await ruleEngine!.stop();
    await stopWorker();
    await startWorker();
    startEngine();
    const before = await env.currentTimeMs();
    await handle.result(); // the test server skips the hour while the result is awaited
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(HOUR - 60_000);
    await waitFor(async () => (await attributes(tenantId, device.id)).temperature === 31);
    const [event] = await debugEvents(tenantId, chainId);
    expect(event).toMatchObject({ nodeId: "save", input: { type: "POST_TELEMETRY_REQUEST" }, outputs: [{}] });
    expect(await redis.zcard(waiting)).toBe(0);
    await waitFor(async () => (await pendingEntries(redis)) === 0);
  }, 60_000);

  it("holds a message once however often it is handed over, and refuses one past the most that may wait", async () => {
    const delays = createDelayService(redis, temporal);
    const tenant = await createTenant(db.system);
    const message = (n: number) =>
      createMessage({
        type: "POST_TELEMETRY_REQUEST",
        tenantId: tenant.id,
        originator: { type: "TENANT", id: tenant.id },
        ts: 1,
        data: { n },
      });
    const request = { tenantId: tenant.id, chainId: "c1", nodeId: "wait", delayMs: HOUR, maxPending: 1 };
    const first = message(1);
    expect(await delays.hold({ ...request, message: first })).toBe("held");
    expect(await delays.hold({ ...request, message: first })).toBe("duplicate");
    expect(await delays.hold({ ...request, message: message(2) })).toBe("full");
    expect(await redis.zcard(delayPendingKey(tenant.id, "c1", "wait"))).toBe(1);

    // A stream entry read again (a redelivery) gives its messages the ids of the first reading.
    const decoded = { type: "ALARM", tenantId: tenant.id, originatorType: "DEVICE", originatorId: "d1", data: {} };
    const key = "rule-engine:3/1700000000000-0/0";
    expect(toRuleMessages(decoded, null, 1, key)[0]!.id).toBe(toRuleMessages(decoded, null, 2, key)[0]!.id);

    // Once the message went on, handing it over again still does not hold it a second time.
    const handle = env.client.workflow.getHandle(
      `rule-delay:${tenant.id}:c1:wait:${first.id}`, // ruleDelayWorkflowId's format, spelled out
    );
    await handle.result();
    expect(await delays.hold({ ...request, message: first })).toBe("duplicate");
    expect(await redis.zcard(delayPendingKey(tenant.id, "c1", "wait"))).toBe(0);
  }, 60_000);
});

describe("action.generator", () => {
  /** A generator of a device's counter every 10 s, saved as the device's server attribute `n` (debug on). */
  const generating = (deviceId: string): RuleChainDefinition => ({
    nodes: [
      {
        id: "gen",
        type: "action.generator",
        config: {
          periodSeconds: 10,
          originatorType: "DEVICE",
          originatorId: deviceId,
          script: "return {msg: {n: (msg.n || 0) + 1}, msgType: 'POST_TELEMETRY_REQUEST'};",
        },
      },
      { id: "save", type: "action.saveAttributes", config: { scope: "SERVER" }, debug: true },
    ],
    connections: [{ from: "gen", to: "save", relation: "Success" }],
  });

  it("makes a message every period from the chains in the database, and stops when its node is deleted", async () => {
    await ruleEngine!.stop();
    const tenant = await createTenant(db.system);
    const { device } = await createDevice(db.system, { tenantId: tenant.id });
    const chain = await db.system.ruleChain.create({
      data: { tenantId: tenant.id, name: "Counter", configuration: generating(device.id) as never },
    });
    // Saved while no rule engine ran: the one starting now finds it in the database.
    startEngine();
    const handle = env.client.workflow.getHandle(
      ruleGeneratorWorkflowId({ tenantId: tenant.id, chainId: chain.id, nodeId: "gen" }),
    );
    await waitFor(() =>
      handle.describe().then(
        (d) => d.status.name === "RUNNING",
        () => false,
      ),
    );

    for (let n = 1; n <= 3; n++) {
      await env.sleep(10_000);
      await waitFor(async () => (await attributes(tenant.id, device.id)).n === n);
    }
    const events = await debugEvents(tenant.id, chain.id);
    expect(events.map((e) => [e.nodeId, e.input.data, e.input.originator])).toEqual(
      [1, 2, 3].map((n) => ["save", { n }, { type: "DEVICE", id: device.id }]),
    );

    // The node deleted: its schedule is cancelled, and no more messages come.
    await db.system.ruleChain.update({
      where: { id: chain.id },
      data: { configuration: { nodes: [], connections: [] } },
    });
    await redis.publish(RULE_CHAINS_CHANGED_CHANNEL, JSON.stringify({ tenantId: tenant.id, ruleChainId: chain.id }));
    await waitFor(() => handle.describe().then((d) => d.status.name === "CANCELLED"));
    await env.sleep(30_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(await attributes(tenant.id, device.id)).toEqual({ n: 3 });
    expect(await redis.smembers(`rule-engine:generators:${tenant.id}`)).toEqual([]);
  }, 90_000);
});
