import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { createRealtimeAuthenticator } from "@industryos/api";
import { startApiHarness, type ApiHarness } from "@industryos/api/testing";
import { createDevice } from "@industryos/db/testing";
import { partitionOf, RULE_ENGINE_PARTITIONS } from "@industryos/device-protocol";
import { startRedisCluster, type RunningRedisCluster } from "@industryos/devstack";
import { startIngestFromConfig } from "@industryos/ingest";
import { testIngestConfig } from "@industryos/ingest/testing";
import {
  createDbAttributeReader,
  createDbEntityDirectory,
  createRealtimeServer,
  createStoreTelemetryReader,
  type RealtimeServer,
} from "@industryos/realtime";
import type { RuleChainDefinition } from "@industryos/rules";
import { createRedisClient, keyHoldingNodes, type RedisClient } from "@industryos/runtime";
import type { RunningRuleEngine } from "../src/rules/rule-engine.ts";
import { engine, logger } from "./support/rule-engine.ts";

// Redis Cluster is the only Redis here: ingest, the rule engine, the API and the WebSocket server
// all connect to a three-master cluster this file starts (REDIS_CLUSTER_NODES), never to REDIS_URL's server.

const HIGH_TEMPERATURE: RuleChainDefinition = {
  nodes: [
    { id: "telemetry", type: "filter.messageType", config: { types: ["POST_TELEMETRY_REQUEST"] } },
    { id: "hot", type: "filter.threshold", config: { key: "temperature", op: ">", value: 50 } },
    { id: "raise", type: "action.createAlarm", config: { alarmType: "Overheating", severity: "CRITICAL" } },
  ],
  connections: [
    { from: "input", to: "telemetry", relation: "Success" },
    { from: "telemetry", to: "hot", relation: "True" },
    { from: "hot", to: "raise", relation: "True" },
  ],
};

let dataDir: string;
let cluster: RunningRedisCluster;
let redis: RedisClient;
let engineRedis: RedisClient;
let api: ApiHarness;
let ruleEngine: RunningRuleEngine;
let ingest: Awaited<ReturnType<typeof startIngestFromConfig>>;
let realtime: RealtimeServer;
let web: Server;
let webPort: number;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "industryos-redis-cluster-"));
  cluster = await startRedisCluster({ dataDir });
  const target = { url: cluster.url, clusterNodes: cluster.nodes };
  // As the web process makes its client: commands fail at once while the cluster is away.
  redis = createRedisClient(target, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  if (redis.status !== "ready") await new Promise((resolve) => redis.once("ready", resolve));
  api = await startApiHarness({ redis });
  engineRedis = createRedisClient(target, { maxRetriesPerRequest: 1 });
  ruleEngine = engine(api.deps.db, engineRedis);
  ingest = await startIngestFromConfig(
    testIngestConfig(cluster.url, { REDIS_CLUSTER_NODES: cluster.nodes }),
    { app: api.database.appUrl, system: api.database.systemUrl },
    logger,
  );
  realtime = createRealtimeServer({
    redis,
    authenticate: createRealtimeAuthenticator(api.deps),
    directory: createDbEntityDirectory(api.deps.db),
    telemetry: createStoreTelemetryReader(api.telemetryStore),
    attributes: createDbAttributeReader(api.deps.db),
  });
  web = createServer((_request, response) => response.writeHead(404).end());
  realtime.attach(web);
  await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
  webPort = (web.address() as AddressInfo).port;
  await realtime.ready();
}, 120_000);

afterAll(async () => {
  await realtime?.close();
  await new Promise((resolve) => web?.close(resolve));
  await ingest?.close();
  await ruleEngine?.stop();
  engineRedis?.disconnect();
  await api?.close();
  await cluster?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A tenant admin (signed up through the API) with one device whose root chain is `chain`. */
async function tenantWithDevice(chain: RuleChainDefinition = HIGH_TEMPERATURE) {
  const admin = await api.signup();
  const { device, accessToken } = await createDevice(api.deps.db.system, { tenantId: admin.tenantId });
  const updated = await api.deps.db.system.ruleChain.updateMany({
    where: { tenantId: admin.tenantId, root: true },
    data: { configuration: chain as never },
  });
  if (updated.count === 0)
    await api.deps.db.system.ruleChain.create({
      data: { tenantId: admin.tenantId, name: "Root", root: true, configuration: chain as never },
    });
  return { admin, device, accessToken };
}

function connectDevice(accessToken: string): Promise<MqttClient> {
  return mqtt.connectAsync(`mqtt://127.0.0.1:${ingest.ports.mqtt}`, {
    username: accessToken,
    reconnectPeriod: 0,
    connectTimeout: 15_000,
  });
}

type WsMessage = { type: string; cmdId?: number; initial?: boolean; [key: string]: unknown };

/** A browser's /api/ws connection with the admin's session cookie, recording every message. */
async function openLiveSocket(cookie: string) {
  const socket = new WebSocket(`ws://127.0.0.1:${webPort}/api/ws`, {
    headers: { cookie, origin: "http://console.test" },
  });
  const messages: WsMessage[] = [];
  socket.on("message", (data) => messages.push(JSON.parse(data.toString()) as WsMessage));
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  return {
    messages,
    send: (command: object) => socket.send(JSON.stringify(command)),
    close: () => socket.close(),
  };
}

describe("IndustryOS on a three-master Redis Cluster", () => {
  it("spreads the platform's keys over every master (the cluster is really sharded)", async () => {
    expect(keyHoldingNodes(redis)).toHaveLength(3);
  });

  it("a device's telemetry over MQTT is stored, reaches a live dashboard and raises the chain's alarm", async () => {
    const { admin, device, accessToken } = await tenantWithDevice();
    const live = await openLiveSocket(admin.cookie);
    const client = await connectDevice(accessToken);
    try {
      live.send({
        type: "subscribeLatest",
        cmdId: 1,
        entity: { type: "DEVICE", id: device.id },
        keys: ["temperature"],
      });
      await expect
        .poll(() => live.messages.some((m) => m.type === "data" && m.cmdId === 1), { timeout: 15_000 })
        .toBe(true);

      await client.publishAsync("v1/devices/me/telemetry", JSON.stringify({ temperature: 75 }), { qos: 1 });

      // The live value: ingest lists watched channels on every node (PUBSUB CHANNELS) and publishes.
      await expect
        .poll(() => JSON.stringify(live.messages.filter((m) => m.type === "data" && m.cmdId === 1 && !m.initial)), {
          timeout: 15_000,
        })
        .toContain('"temperature"');
      expect(JSON.stringify(live.messages.filter((m) => m.type === "data" && !m.initial))).toContain("75");

      // Persisted, as the console reads it.
      const latest = await api.call<Record<string, { value: unknown }>>(
        "GET",
        `/api/v1/devices/${device.id}/telemetry/latest`,
        { cookie: admin.cookie },
      );
      expect(latest.status).toBe(200);
      expect(JSON.stringify(latest.body)).toContain("75");

      // The rule engine read the partition stream on its node and raised the alarm.
      await expect
        .poll(
          async () => {
            const listed = await api.call<{ data: { type: string; severity: string; status: string }[] }>(
              "GET",
              `/api/v1/alarms?originatorId=${device.id}`,
              { cookie: admin.cookie },
            );
            return listed.body.data?.map((a) => [a.type, a.severity, a.status]);
          },
          { timeout: 20_000 },
        )
        .toEqual([["Overheating", "CRITICAL", "ACTIVE_UNACK"]]);
    } finally {
      live.close();
      await client.endAsync();
    }
  });

  it("telemetry of devices on every rule-engine partition, sent at once, raises every device's alarm", async () => {
    const { admin } = await tenantWithDevice();
    // Devices until every partition has one: ingest's batches then append to streams on all three masters.
    const devices: { id: string; accessToken: string }[] = [];
    const partitions = new Set<number>();
    while (partitions.size < RULE_ENGINE_PARTITIONS) {
      const { device, accessToken } = await createDevice(api.deps.db.system, { tenantId: admin.tenantId });
      devices.push({ id: device.id, accessToken });
      partitions.add(partitionOf(device.id));
    }
    const answers = await Promise.all(
      devices.map(({ accessToken }) =>
        fetch(`http://127.0.0.1:${ingest.ports.http}/api/v1/${accessToken}/telemetry`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ temperature: 90 }),
        }).then((response) => response.status),
      ),
    );
    expect(answers.every((status) => status === 200)).toBe(true);
    await expect
      .poll(
        () =>
          api.deps.db.system.alarm.count({
            where: { tenantId: admin.tenantId, type: "Overheating", originatorId: { in: devices.map((d) => d.id) } },
          }),
        { timeout: 20_000 },
      )
      .toBe(devices.length);
  });

  it("a two-way RPC from the API reaches the device on the ingest node and its answer comes back", async () => {
    const { admin, device, accessToken } = await tenantWithDevice();
    const client = await connectDevice(accessToken);
    try {
      await client.subscribeAsync("v1/devices/me/rpc/request/+", { qos: 1 });
      client.on("message", (topic, payload) => {
        const { method, params } = JSON.parse(payload.toString()) as { method: string; params: { unit: string } };
        const id = topic.split("/").at(-1);
        void client.publishAsync(
          `v1/devices/me/rpc/response/${id}`,
          JSON.stringify({ method, reading: 21.5, ...params }),
        );
      });
      const result = await api.call<{ response: unknown }>("POST", `/api/v1/devices/${device.id}/rpc`, {
        cookie: admin.cookie,
        body: { method: "getTemperature", params: { unit: "C" }, timeoutMs: 15_000 },
      });
      expect(result.status).toBe(200);
      expect(result.body.response).toEqual({ method: "getTemperature", reading: 21.5, unit: "C" });
    } finally {
      await client.endAsync();
    }
  });

  it("replacing a device's credentials drops its cached session: the old token is refused from then on", async () => {
    const { admin, device, accessToken } = await tenantWithDevice();
    // A first connection caches the credential (entry and device index on different slots).
    const first = await connectDevice(accessToken);
    await first.endAsync();
    const replaced = await api.call<{ accessToken: string }>("PUT", `/api/v1/devices/${device.id}/credentials`, {
      cookie: admin.cookie,
      body: { type: "ACCESS_TOKEN" },
    });
    expect(replaced.status).toBe(200);
    await expect(connectDevice(accessToken)).rejects.toThrow(/Not authorized|Bad username or password/i);
    const renewed = await connectDevice(replaced.body.accessToken);
    await renewed.endAsync();
  });

  it("limits failed logins and keeps sessions in the cluster", async () => {
    const { email, password } = await api.signup();
    for (let i = 0; i < 5; i++)
      expect(
        (await api.call("POST", "/api/v1/auth/login", { body: { email, password: `wrong-${i}-password` } })).status,
      ).toBe(401);
    const blocked = await api.call<{ error: { code: string } }>("POST", "/api/v1/auth/login", {
      body: { email, password },
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("RATE_LIMITED");
    // From an address that signed in before, the owner still gets in, and the session works.
    const other = await api.signup();
    const login = await api.call("POST", "/api/v1/auth/login", {
      body: { email: other.email, password: other.password },
    });
    expect(login.status).toBe(200);
    expect((await api.call("GET", "/api/v1/auth/me", { cookie: login.sessionCookie })).status).toBe(200);
  });
});
