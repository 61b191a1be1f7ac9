import { createServer, type AddressInfo, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Aedes } from "aedes";
import { connectAsync, type MqttClient } from "mqtt";
import type { Redis } from "ioredis";
import type { DatabaseClients } from "@industryos/db";
import { createDevice, createTenant } from "@industryos/db/testing";
import {
  readDeadLetter,
  readDebugEvent,
  ruleChainDebugEvents,
  ruleEngineDeadLetters,
} from "@industryos/device-protocol";
import { PermanentError, type RuleChainDefinition, type RuleMessage } from "@industryos/rules";
import { startRuleEngine, type RunningRuleEngine } from "../src/rules/rule-engine.ts";
import { createMqttService } from "../src/rules/services/mqtt-service.ts";
import {
  append,
  closeTestDatabase,
  engine,
  FAST_SETTINGS,
  logger,
  pendingEntries,
  telemetry,
  tenantWithChain,
  testDatabase,
  testRedis,
  waitFor,
} from "./support/rule-engine.ts";

// Redis database 62 is this file's.
const REDIS_DB = 62;
let db: DatabaseClients;
let redis: Redis;
const engines: RunningRuleEngine[] = [];

/** An in-process MQTT broker (aedes, as ingest runs it) that accepts user "rules" only, with a subscriber on `#`. */
let broker: Aedes;
let server: Server;
let port: number;
let subscriber: MqttClient;
const received: { topic: string; payload: string; retain: boolean }[] = [];

beforeAll(async () => {
  db = await testDatabase();
  redis = await testRedis(REDIS_DB);
  broker = await Aedes.createBroker({
    authenticate: (_client, username, _password, done) => done(null, username === "rules"),
  });
  server = createServer((socket) => broker.handle(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  subscriber = await connectAsync({ host: "127.0.0.1", port, username: "rules", reconnectPeriod: 0 });
  subscriber.on("message", (topic, payload, packet) =>
    received.push({ topic, payload: payload.toString(), retain: packet.retain }),
  );
  await subscriber.subscribeAsync("#", { qos: 1 });
});
afterAll(async () => {
  await Promise.all(engines.map((e) => e.stop()));
  await subscriber?.endAsync();
  await new Promise<void>((resolve) => (broker ? broker.close(() => resolve()) : resolve()));
  server?.close();
  redis?.disconnect();
  await closeTestDatabase();
});

/** A chain's debug events, their input as the rule message it was. */
const debugEvents = async (tenantId: string, chainId: string) =>
  (await redis.xrange(ruleChainDebugEvents(tenantId, chainId), "-", "+")).map(([, f]) => {
    const event = readDebugEvent(f)!;
    return { ...event, input: event.input as RuleMessage };
  });

async function calledChain(tenantId: string, definition: RuleChainDefinition) {
  const row = await db.system.ruleChain.create({
    data: { tenantId, name: "Called", configuration: definition as never },
  });
  return row.id;
}

/** Root: input → dedup "d" → log "rootSeen" (debug), and input → call(chain) → log "returned" (debug). */
const caller = (ruleChainId: string): RuleChainDefinition => ({
  nodes: [
    { id: "d", type: "transform.deduplicate", config: { intervalSeconds: 60 } },
    { id: "rootSeen", type: "action.log", config: {}, debug: true },
    { id: "call", type: "flow.chain", config: { ruleChainId }, debug: true },
    { id: "returned", type: "action.log", config: {}, debug: true },
  ],
  connections: [
    { from: "input", to: "d", relation: "Success" },
    { from: "d", to: "rootSeen", relation: "Success" },
    { from: "input", to: "call", relation: "Success" },
    { from: "call", to: "returned", relation: "Success" },
  ],
});

/** Called chain: a dedup node of the same id "d" as the caller's, then a log with debug on. */
const called: RuleChainDefinition = {
  nodes: [
    { id: "d", type: "transform.deduplicate", config: { intervalSeconds: 60 } },
    { id: "calledSeen", type: "action.log", config: {}, debug: true },
  ],
  connections: [
    { from: "input", to: "d", relation: "Success" },
    { from: "d", to: "calledSeen", relation: "Success" },
  ],
};

describe("flow.chain in the workers", () => {
  it("runs the called chain (its deduplication apart from the caller's), then goes on; another tenant's chain does not run", async () => {
    engines.push(engine(db, redis));
    const tenant = await createTenant(db.system);
    const calledId = await calledChain(tenant.id, called);
    const root = await db.system.ruleChain.create({
      data: { tenantId: tenant.id, name: "Root", root: true, configuration: caller(calledId) as never },
    });
    const { device } = await createDevice(db.system, { tenantId: tenant.id });
    await append(redis, [telemetry(tenant.id, device.id, { temperature: 21 })]);
    await waitFor(async () => (await debugEvents(tenant.id, root.id)).length === 3);
    expect((await debugEvents(tenant.id, root.id)).map((e) => [e.nodeId, e.error])).toEqual(
      expect.arrayContaining([
        ["rootSeen", undefined],
        ["call", undefined],
        ["returned", undefined],
      ]),
    );
    // Both "d" nodes let the message through: their windows are the chain's own.
    expect((await debugEvents(tenant.id, calledId)).map((e) => [e.nodeId, e.input.data])).toEqual([
      ["calledSeen", { temperature: 21 }],
    ]);

    // Tenant B names tenant A's chain: the call fails as if there were none, and A's chain does not run.
    const other = await tenantWithChain(db, caller(calledId));
    await append(redis, [telemetry(other.tenantId, other.devices[0]!.id, { temperature: 22 })]);
    await waitFor(async () => (await redis.xlen(ruleEngineDeadLetters(other.tenantId))) === 1);
    const [[, fields]] = (await redis.xrange(ruleEngineDeadLetters(other.tenantId), "-", "+")) as [[string, string[]]];
    expect(readDeadLetter(fields).error).toBe(`No rule chain ${calledId} in this tenant`);
    expect((await debugEvents(other.tenantId, other.chainId)).find((e) => e.nodeId === "call")?.error).toBe(
      `No rule chain ${calledId} in this tenant`,
    );
    expect(await debugEvents(tenant.id, calledId)).toHaveLength(1);
    await waitFor(async () => (await pendingEntries(redis)) === 0);
  }, 30_000);
});

describe("external.mqtt in the workers", () => {
  it("publishes each message's data, retained, to the topic its metadata names, on a broker it logs in to", async () => {
    const chain: RuleChainDefinition = {
      nodes: [
        {
          id: "publish",
          type: "external.mqtt",
          config: {
            host: "127.0.0.1",
            port,
            topicPattern: "plants/${deviceName}/telemetry",
            username: "rules",
            qos: 1,
            retain: true,
          },
        },
      ],
      connections: [{ from: "input", to: "publish", relation: "Success" }],
    };
    const { tenantId, devices } = await tenantWithChain(db, chain);
    for (const temperature of [30, 31]) await append(redis, [telemetry(tenantId, devices[0]!.id, { temperature })]);
    await waitFor(async () => received.filter((m) => m.topic === `plants/${devices[0]!.name}/telemetry`).length === 2);
    expect(received.filter((m) => m.topic.startsWith("plants/"))).toEqual([
      { topic: `plants/${devices[0]!.name}/telemetry`, payload: '{"temperature":30}', retain: false },
      { topic: `plants/${devices[0]!.name}/telemetry`, payload: '{"temperature":31}', retain: false },
    ]);
    // Retained: a client that subscribes later gets the last one.
    const late = await connectAsync({ host: "127.0.0.1", port, username: "rules", reconnectPeriod: 0 });
    const retained = new Promise<{ payload: string; retain: boolean }>((resolve) =>
      late.on("message", (_topic, payload, packet) => resolve({ payload: payload.toString(), retain: packet.retain })),
    );
    await late.subscribeAsync(`plants/${devices[0]!.name}/telemetry`, { qos: 1 });
    expect(await retained).toEqual({ payload: '{"temperature":31}', retain: true });
    await late.endAsync();
    await waitFor(async () => (await pendingEntries(redis)) === 0);
  }, 30_000);

  it("refuses loopback and private brokers unless allowed, link-local always, and a broker's refusal of the login, for good", async () => {
    const guarded = createMqttService({ allowPrivateNetworks: false, timeoutMs: 2_000 });
    const publish = { port, tls: false, topic: "t", payload: "{}", qos: 1 as const, retain: false, username: "rules" };
    await expect(guarded.publish({ ...publish, host: "127.0.0.1" })).rejects.toThrow(
      new PermanentError("127.0.0.1 is a private address: refused"),
    );
    await expect(guarded.publish({ ...publish, host: "localhost" })).rejects.toThrow(
      /^localhost resolves to (127\.0\.0\.1|::1) is a private address: refused$/,
    );
    await expect(guarded.publish({ ...publish, host: "10.1.2.3" })).rejects.toBeInstanceOf(PermanentError);
    const allowed = createMqttService({ allowPrivateNetworks: true, timeoutMs: 2_000 });
    // Link-local (cloud metadata) stays refused whatever the configuration says.
    await expect(allowed.publish({ ...publish, host: "169.254.169.254" })).rejects.toThrow(
      new PermanentError("169.254.169.254 is a link-local address (cloud metadata lives there): always refused"),
    );
    const refusal = allowed.publish({ ...publish, host: "127.0.0.1", username: "intruder" });
    await expect(refusal).rejects.toBeInstanceOf(PermanentError);
    await expect(refusal).rejects.toThrow(/refused the connection/);
    // Nobody listening: retryable (it may be back on the next attempt).
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    closed.close();
    const unreachable = allowed.publish({ ...publish, host: "127.0.0.1", port: closedPort });
    await expect(unreachable).rejects.toThrow(/could not be reached/);
    await expect(unreachable).rejects.not.toBeInstanceOf(PermanentError);
    await allowed.close();
    await guarded.close();
  }, 30_000);

  it("dead-letters a message for a private broker in a rule engine that does not allow private networks", async () => {
    const chain: RuleChainDefinition = {
      nodes: [{ id: "publish", type: "external.mqtt", config: { host: "127.0.0.1", port, topicPattern: "x" } }],
      connections: [{ from: "input", to: "publish", relation: "Success" }],
    };
    for (const e of engines.splice(0)) await e.stop();
    engines.push(startRuleEngine({ db, redis, logger, allowPrivateNetworks: false, settings: { ...FAST_SETTINGS } }));
    const { tenantId, devices } = await tenantWithChain(db, chain);
    await append(redis, [telemetry(tenantId, devices[0]!.id, { temperature: 1 })]);
    await waitFor(async () => (await redis.xlen(ruleEngineDeadLetters(tenantId))) === 1);
    const [[, fields]] = (await redis.xrange(ruleEngineDeadLetters(tenantId), "-", "+")) as [[string, string[]]];
    expect(readDeadLetter(fields)).toMatchObject({ error: "127.0.0.1 is a private address: refused", attempts: 1 });
    expect(received.some((m) => m.topic === "x")).toBe(false);
  }, 30_000);
});
