import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Aedes, type Client } from "aedes";
import { Redis } from "ioredis";
import mqtt, {
  type IClientOptions,
  type IClientPublishOptions,
  type IConnackPacket,
  type MqttClient,
  type Packet,
} from "mqtt";
import { createServer, type AddressInfo } from "node:net";
import { createTelemetryStore, type TelemetryStore } from "@industryos/db/telemetry";
import { callServerRpc, invalidateDeviceCredentials, pushSharedAttributes } from "@industryos/device-bus";
import { startPostgres } from "@industryos/devstack";
import { gateReads, MAX_PUBLISHES_IN_FLIGHT } from "../src/mqtt/read-gate.ts";
import {
  closed,
  connectMqtt,
  newDevice,
  nextMessage,
  pushUntil,
  startHarness,
  waitFor,
  type Harness,
} from "./harness.ts";
import { restartableService, type RestartableService } from "./restartable-service.ts";

let h: Harness;
let store: TelemetryStore;
let subscriber: Redis;

// The file runs on a throwaway PostgreSQL cluster of its own, because one test stops it; all
// of it, because the test-database helper builds its migrated template once per process.
let postgres: RestartableService;

beforeAll(async () => {
  postgres = await restartableService("mqtt5-pg-", (where) =>
    startPostgres({ ...where, ephemeral: true, log: () => undefined }),
  );
  h = await startHarness({ redisDb: 10, databaseUrl: postgres.url });
  store = createTelemetryStore(h.db);
  subscriber = new Redis(`${process.env.REDIS_URL}/10`);
}, 180_000);
afterAll(async () => {
  subscriber?.disconnect();
  await h?.close().catch(() => undefined);
  await postgres?.dispose();
}, 60_000);

const connectV5 = (options: IClientOptions) => connectMqtt(h.ingest.ports.mqtt, { protocolVersion: 5, ...options });

async function deviceV5(options: IClientOptions = {}, data: { isGateway?: boolean } = {}) {
  const { device, accessToken } = await newDevice(h, data);
  const client = await connectV5({ username: accessToken, ...options });
  return { device, accessToken, client };
}

const attributesOf = (deviceId: string) =>
  h.db.system.attribute.findMany({ where: { entityId: deviceId }, orderBy: { key: "asc" } });
const history = (deviceId: string, keys: string[]) =>
  store.range(h.tenantId, deviceId, { keys, from: 0, to: Date.now() + 86_400_000, order: "ASC" });

type Ack = { cmd: string; messageId?: number; reasonCode?: number; properties?: { reasonString?: string } };

/**
 * Publishes at QoS 1 and resolves with every acknowledgement the client received for that
 * message id until the publish completed (there must be exactly one).
 */
function publishAndCollectAcks(
  client: MqttClient,
  topic: string,
  payload: string,
  opts: IClientPublishOptions = {},
): Promise<Ack[]> {
  const acks: Ack[] = [];
  let messageId: number | undefined;
  const onPacket = (packet: Packet) => {
    if (packet.cmd === "puback" && (messageId === undefined || packet.messageId === messageId))
      acks.push(packet as Ack);
  };
  client.on("packetreceive", onPacket);
  return new Promise((resolve) => {
    client.publish(topic, payload, { qos: 1, ...opts }, (_error, packet) => {
      messageId = (packet as { messageId?: number } | undefined)?.messageId;
      // A second acknowledgement would arrive right behind the first: give it the time to.
      setTimeout(() => {
        client.off("packetreceive", onPacket);
        resolve(acks.filter((a) => a.messageId === messageId));
      }, 200);
    });
  });
}

/** Resolves with the DISCONNECT the server sends. */
function serverDisconnect(
  client: MqttClient,
  timeoutMs = 15_000,
): Promise<{ reasonCode?: number; properties?: { reasonString?: string } }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no DISCONNECT from the server")), timeoutMs);
    client.once("disconnect", (packet) => {
      clearTimeout(timer);
      resolve(packet);
    });
  });
}

describe("MQTT 5 connect", () => {
  it("refuses a wrong access token with CONNACK 0x87 (not authorized)", async () => {
    await expect(connectV5({ username: "wrong-token" })).rejects.toMatchObject({ code: 0x87 });
  });

  it("refuses an address after repeated failures with CONNACK 0x87, even with a valid token", async () => {
    const { accessToken } = await newDevice(h);
    await h.redis.set("ingest:auth-failures:127.0.0.1", "1000", "EX", 60);
    try {
      await expect(connectV5({ username: accessToken })).rejects.toMatchObject({ code: 0x87 });
    } finally {
      await h.redis.del("ingest:auth-failures:127.0.0.1");
    }
  });

  it("announces its limits in the CONNACK", async () => {
    const { accessToken } = await newDevice(h);
    const client = mqtt.connect(`mqtt://127.0.0.1:${h.ingest.ports.mqtt}`, {
      protocolVersion: 5,
      username: accessToken,
      reconnectPeriod: 0,
    });
    const connack = await new Promise<IConnackPacket>((resolve) => client.once("connect", resolve));
    expect(connack.reasonCode).toBe(0);
    expect(connack.properties).toMatchObject({
      maximumPacketSize: 65_536 + 64 * 1024,
      topicAliasMaximum: 16,
      receiveMaximum: 100,
    });
    await client.endAsync();
  });
});

describe("MQTT 5 telemetry and attributes", () => {
  it("acknowledges telemetry with PUBACK 0x00 only once it is stored", async () => {
    const { device, client } = await deviceV5();
    const acks = await publishAndCollectAcks(
      client,
      "v1/devices/me/telemetry",
      JSON.stringify({ ts: 1_700_000_000_000, values: { temperature: 21.5 } }),
    );
    expect(acks.map((a) => a.reasonCode ?? 0)).toEqual([0]);
    // No waiting: the PUBACK means committed.
    expect((await history(device.id, ["temperature"])).temperature).toEqual([
      { ts: 1_700_000_000_000, value: { type: "DOUBLE", value: 21.5 } },
    ]);
    await client.endAsync();
  });

  it("stores client attributes before the PUBACK and answers an attribute request", async () => {
    const { device, client } = await deviceV5();
    await h.db.system.attribute.create({
      data: {
        tenantId: h.tenantId,
        entityType: "DEVICE",
        entityId: device.id,
        scope: "SHARED",
        key: "targetTemp",
        doubleValue: 21.5,
      },
    });
    await client.publishAsync("v1/devices/me/attributes", JSON.stringify({ model: "T-1000" }), { qos: 1 });
    expect((await attributesOf(device.id)).map((r) => [r.scope, r.key])).toEqual([
      ["CLIENT", "model"],
      ["SHARED", "targetTemp"],
    ]);
    await client.subscribeAsync("v1/devices/me/attributes/response/+", { qos: 1 });
    const response = nextMessage(client, "v1/devices/me/attributes/response/7");
    await client.publishAsync(
      "v1/devices/me/attributes/request/7",
      JSON.stringify({ clientKeys: "model", sharedKeys: "targetTemp" }),
      { qos: 1 },
    );
    expect((await response).body).toEqual({ client: { model: "T-1000" }, shared: { targetTemp: 21.5 } });
    await client.endAsync();
  });

  it("accepts topic aliases", async () => {
    const { device, client } = await deviceV5();
    await client.publishAsync("v1/devices/me/telemetry", JSON.stringify({ ts: 1_700_000_000_000, values: { n: 1 } }), {
      qos: 1,
      properties: { topicAlias: 3 },
    });
    await client.publishAsync("", JSON.stringify({ ts: 1_700_000_001_000, values: { n: 2 } }), {
      qos: 1,
      properties: { topicAlias: 3 },
    });
    expect((await history(device.id, ["n"])).n!.map((p) => p.value.value)).toEqual([1, 2]);
    await client.endAsync();
  });

  it("stores gateway telemetry for sub-devices", async () => {
    const { client } = await deviceV5({}, { isGateway: true });
    const acks = await publishAndCollectAcks(
      client,
      "v1/gateway/telemetry",
      JSON.stringify({ "Meter 5": [{ ts: 1_700_000_000_000, values: { kwh: 12 } }] }),
    );
    expect(acks.map((a) => a.reasonCode ?? 0)).toEqual([0]);
    const meter = await h.db.system.device.findUniqueOrThrow({
      where: { tenantId_name: { tenantId: h.tenantId, name: "Meter 5" } },
    });
    expect((await history(meter.id, ["kwh"])).kwh).toEqual([
      { ts: 1_700_000_000_000, value: { type: "LONG", value: 12 } },
    ]);
    await client.endAsync();
  });
});

describe("MQTT 5 bad input", () => {
  it.each([
    ["invalid JSON with 0x99 (payload format invalid)", "v1/devices/me/attributes", "{not json", 0x99],
    ["a wrong value type with 0x99", "v1/devices/me/attributes", JSON.stringify({ broken: null }), 0x99],
    ["an array as attributes with 0x99", "v1/devices/me/attributes", JSON.stringify([1, 2]), 0x99],
    [
      "a topic outside the device API with 0x90 (topic name invalid)",
      "v1/devices/other/attributes",
      JSON.stringify({ a: 1 }),
      0x90,
    ],
    [
      "a gateway topic from a plain device with 0x87 (not authorized)",
      "v1/gateway/attributes",
      JSON.stringify({ "Dev A": { a: 1 } }),
      0x87,
    ],
    [
      "a payload over the configured limit with 0x97 (quota exceeded)",
      "v1/devices/me/attributes",
      JSON.stringify({ blob: "x".repeat(70_000) }),
      0x97,
    ],
  ])("answers %s in one PUBACK, stores nothing and keeps the connection", async (_case, topic, payload, reasonCode) => {
    const { device, client } = await deviceV5();
    const acks = await publishAndCollectAcks(client, topic, payload);
    expect(acks).toEqual([
      expect.objectContaining({ reasonCode, properties: { reasonString: expect.stringMatching(/\w/) } }),
    ]);
    expect(await attributesOf(device.id)).toEqual([]);
    // The connection is still usable.
    expect(client.connected).toBe(true);
    await client.publishAsync("v1/devices/me/attributes", JSON.stringify({ after: true }), { qos: 1 });
    expect((await attributesOf(device.id)).map((r) => r.key)).toEqual(["after"]);
    await client.endAsync();
  });

  it("answers a bad QoS 2 publish with PUBREC 0x99 and stores a good one", async () => {
    const { device, client } = await deviceV5();
    await expect(client.publishAsync("v1/devices/me/attributes", "{not json", { qos: 2 })).rejects.toMatchObject({
      code: 0x99,
    });
    await client.publishAsync("v1/devices/me/attributes", JSON.stringify({ exactlyOnce: true }), { qos: 2 });
    expect((await attributesOf(device.id)).map((r) => r.key)).toEqual(["exactlyOnce"]);
    await client.endAsync();
  });

  it("leaves the Reason String out when the device asked for no problem information", async () => {
    const { client } = await deviceV5({ properties: { requestProblemInformation: false } });
    const acks = await publishAndCollectAcks(client, "v1/devices/me/telemetry", "{not json");
    expect(acks).toHaveLength(1);
    expect(acks[0]).toMatchObject({ reasonCode: 0x99 });
    expect(acks[0]!.properties?.reasonString).toBeUndefined();
    await client.endAsync();
  });

  it("disconnects with the reason code when a bad publish is QoS 0 (there is no PUBACK to carry it)", async () => {
    const { device, client } = await deviceV5();
    const disconnect = serverDisconnect(client);
    client.publish("v1/devices/me/attributes", "{not json", { qos: 0 });
    expect(await disconnect).toMatchObject({
      reasonCode: 0x99,
      properties: { reasonString: expect.stringContaining("JSON") },
    });
    await closed(client);
    client.end(true);
    expect(await attributesOf(device.id)).toEqual([]);
  });

  it("disconnects with 0x95 (packet too large) on a packet over the announced Maximum Packet Size", async () => {
    const { device, client } = await deviceV5();
    const disconnect = serverDisconnect(client);
    client.publish("v1/devices/me/attributes", JSON.stringify({ blob: "x".repeat(200_000) }), { qos: 1 });
    expect(await disconnect).toMatchObject({ reasonCode: 0x95 });
    await closed(client);
    client.end(true);
    expect(await attributesOf(device.id)).toEqual([]);
  });

  it("refuses subscriptions outside the device's own topics with SUBACK 0x87", async () => {
    const { client } = await deviceV5();
    const refusal = (await client
      .subscribeAsync(["#", "v1/devices/other/attributes", "v1/devices/me/attributes"], { qos: 1 })
      .catch((e: unknown) => e)) as {
      packet: { granted: number[] };
    };
    expect(refusal.packet.granted).toEqual([0x87, 0x87, 1]);
    expect(client.connected).toBe(true);
    await client.endAsync();
  });

  it("refuses anything but the provisioning request on a provisioning connection with PUBACK 0x87", async () => {
    const client = await connectV5({ username: "provision" });
    const acks = await publishAndCollectAcks(client, "v1/devices/me/telemetry", JSON.stringify({ a: 1 }));
    expect(acks.map((a) => a.reasonCode)).toEqual([0x87]);
    await client.endAsync();
  });
});

describe("MQTT 5 downlink", () => {
  it("delivers server-side RPC and returns the device's answer", async () => {
    const { device, client } = await deviceV5();
    await client.subscribeAsync("v1/devices/me/rpc/request/+", { qos: 1 });
    client.on("message", (topic, payload) => {
      const match = /^v1\/devices\/me\/rpc\/request\/(\d+)$/.exec(topic);
      if (!match) return;
      const request = JSON.parse(payload.toString()) as { method: string; params: unknown };
      client.publish(`v1/devices/me/rpc/response/${match[1]}`, JSON.stringify({ ok: true, echo: request }), { qos: 1 });
    });
    await waitFor(async () => h.ingest.service.deps.bus.isConnectedHere(device.id));
    const { requestId, response } = await callServerRpc(h.db.system, h.redis, subscriber, {
      tenantId: h.tenantId,
      deviceId: device.id,
      method: "setValve",
      params: { open: 40 },
      timeoutMs: 15_000,
    });
    expect(response).toEqual({ ok: true, echo: { method: "setValve", params: { open: 40 } } });
    const row = await waitFor(async () => {
      const r = await h.db.system.rpcRequest.findFirst({ where: { deviceId: device.id, requestId } });
      return r?.status === "SUCCESSFUL" ? r : null;
    });
    expect(row.response).toEqual({ ok: true, echo: { method: "setValve", params: { open: 40 } } });
    await client.endAsync();
  });

  it("pushes shared-attribute updates", async () => {
    const { device, client } = await deviceV5();
    await client.subscribeAsync("v1/devices/me/attributes", { qos: 1 });
    const update = await pushUntil(
      () =>
        pushSharedAttributes(h.redis, device.id, {
          updated: [{ key: "interval", value: { type: "LONG", value: 30 } }],
        }),
      nextMessage(client, "v1/devices/me/attributes"),
    );
    expect(update.body).toEqual({ interval: 30 });
    await client.endAsync();
  });

  it("does not send a response larger than the device's Maximum Packet Size", async () => {
    const { device, client } = await deviceV5({ properties: { maximumPacketSize: 512 } });
    await h.db.system.attribute.create({
      data: {
        tenantId: h.tenantId,
        entityType: "DEVICE",
        entityId: device.id,
        scope: "SHARED",
        key: "big",
        stringValue: "y".repeat(2000),
      },
    });
    await h.db.system.attribute.create({
      data: {
        tenantId: h.tenantId,
        entityType: "DEVICE",
        entityId: device.id,
        scope: "SHARED",
        key: "small",
        stringValue: "ok",
      },
    });
    await client.subscribeAsync("v1/devices/me/attributes/response/+", { qos: 1 });
    const received: string[] = [];
    client.on("message", (topic) => received.push(topic));
    // A response is written before the PUBACK of its request, so once the PUBACK is in, any response has arrived too.
    await client.publishAsync("v1/devices/me/attributes/request/1", JSON.stringify({ sharedKeys: "big" }), { qos: 1 });
    const small = nextMessage(client, "v1/devices/me/attributes/response/2");
    await client.publishAsync("v1/devices/me/attributes/request/2", JSON.stringify({ sharedKeys: "small" }), {
      qos: 1,
    });
    expect((await small).body).toEqual({ shared: { small: "ok" } });
    expect(received).toEqual(["v1/devices/me/attributes/response/2"]);
    expect(client.connected).toBe(true);
    await client.endAsync();
  });

  it("disconnects with 0x98 (administrative action) when the device's credentials change", async () => {
    const { device, client } = await deviceV5();
    await waitFor(async () => h.ingest.service.deps.bus.isConnectedHere(device.id));
    const disconnect = serverDisconnect(client);
    await invalidateDeviceCredentials(h.redis, device.id);
    expect(await disconnect).toMatchObject({ reasonCode: 0x98 });
    client.end(true);
  });
});

describe("MQTT 5 while PostgreSQL is down", () => {
  // A second ingest tier on the file's cluster, with a short write timeout.
  let outage: Harness;
  beforeAll(async () => {
    outage = await startHarness({
      redisDb: 11,
      databaseUrl: postgres.url,
      overrides: { INGEST_WRITE_TIMEOUT_MS: 1500, INGEST_BATCH_LINGER_MS: 2 },
    });
  }, 60_000);
  afterAll(async () => {
    await outage?.close().catch(() => undefined);
  }, 60_000);

  it("sends no PUBACK, not even a failure, and disconnects with 0x89 (server busy) once the write times out", async () => {
    const { device, accessToken } = await newDevice(outage);
    const client = await connectMqtt(outage.ingest.ports.mqtt, { protocolVersion: 5, username: accessToken });
    const acks: Packet[] = [];
    client.on("packetreceive", (packet) => (packet.cmd === "puback" ? acks.push(packet) : undefined));
    await postgres.stop();
    const disconnect = serverDisconnect(client);
    client.publish("v1/devices/me/telemetry", JSON.stringify({ ts: 1_700_000_000_000, values: { seq: 1 } }), {
      qos: 1,
    });
    expect(await disconnect).toMatchObject({ reasonCode: 0x89 });
    expect(acks).toEqual([]);
    client.end(true);

    await postgres.start();
    // What a device does next: reconnect and send the message again, which is now stored.
    const again = await connectMqtt(outage.ingest.ports.mqtt, { protocolVersion: 5, username: accessToken });
    const retried = await publishAndCollectAcks(
      again,
      "v1/devices/me/telemetry",
      JSON.stringify({ ts: 1_700_000_000_000, values: { seq: 1 } }),
    );
    expect(retried.map((a) => a.reasonCode ?? 0)).toEqual([0]);
    const stored = await createTelemetryStore(outage.db).range(outage.tenantId, device.id, {
      keys: ["seq"],
      from: 0,
      to: Date.now(),
      order: "ASC",
    });
    expect(stored.seq).toEqual([{ ts: 1_700_000_000_000, value: { type: "LONG", value: 1 } }]);
    await again.endAsync();
  }, 120_000);
});

describe("aedes behaviour ingest relies on", () => {
  it("lets the read gate stop reading a connection that has many publishes waiting", async () => {
    // A bare broker whose authorizePublish never answers until told to, like a stalled database.
    const waiting: (() => void)[] = [];
    let gate: ReturnType<typeof gateReads> | undefined;
    const broker = await Aedes.createBroker({
      authorizePublish(_client, _packet, callback) {
        gate?.publishStarted();
        waiting.push(() => {
          gate?.publishFinished();
          callback(null);
        });
      },
    });
    broker.on("clientReady", (client: Client) => (gate = gateReads(client)));
    const server = createServer((socket) => broker.handle(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const client = await connectMqtt((server.address() as AddressInfo).port, { protocolVersion: 5 });
    try {
      expect((await waitFor(async () => gate)).installed).toBe(true);
      const total = MAX_PUBLISHES_IN_FLIGHT * 4;
      let acked = 0;
      for (let i = 0; i < total; i++) {
        client.publish("t", String(i), { qos: 1 }, (error) => (error ? undefined : acked++));
        await new Promise((r) => setTimeout(r, 5));
      }
      await new Promise((r) => setTimeout(r, 300));
      // What was read before the gate closed may overshoot by one chunk; never the whole stream.
      expect(waiting.length).toBeGreaterThanOrEqual(MAX_PUBLISHES_IN_FLIGHT);
      expect(waiting.length).toBeLessThan(2 * MAX_PUBLISHES_IN_FLIGHT);
      // Released, the rest is read and everything is acknowledged.
      const release = setInterval(() => waiting.splice(0).forEach((answer) => answer()), 10);
      await waitFor(async () => acked === total);
      clearInterval(release);
    } finally {
      client.end(true);
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      server.close();
    }
  });
});
