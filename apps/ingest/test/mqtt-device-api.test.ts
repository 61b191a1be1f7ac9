import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { partitionOf, readRuleEngineEntry, ruleEngineStream } from "@industryos/device-protocol";
import { answerClientRpc, callServerRpc, pushSharedAttributes, sendServerRpc } from "@industryos/device-bus";
import { claimKey } from "../src/index.ts";
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

let h: Harness;
let subscriber: Redis;

beforeAll(async () => {
  h = await startHarness({ redisDb: 1 });
  subscriber = new Redis(`${process.env.REDIS_URL}/1`);
});
afterAll(async () => {
  subscriber?.disconnect();
  await h?.close();
});

const attributesOf = (deviceId: string) =>
  h.db.system.attribute.findMany({ where: { entityId: deviceId }, orderBy: { key: "asc" } });

describe("MQTT authentication", () => {
  it("refuses a wrong access token with CONNACK 5 (not authorized)", async () => {
    await expect(connectMqtt(h.ingest.ports.mqtt, { username: "wrong-token" })).rejects.toMatchObject({ code: 5 });
  });

  it("rate-limits an address after repeated failures, even with a valid token", async () => {
    const { accessToken } = await newDevice(h);
    await h.redis.set("ingest:auth-failures:127.0.0.1", "1000", "EX", 60);
    try {
      await expect(connectMqtt(h.ingest.ports.mqtt, { username: accessToken })).rejects.toMatchObject({ code: 5 });
    } finally {
      await h.redis.del("ingest:auth-failures:127.0.0.1");
    }
  });
});

describe("MQTT sessions", () => {
  it("keeps two devices that use the same client id connected side by side", async () => {
    const a = await newDevice(h);
    const b = await newDevice(h);
    const first = await connectMqtt(h.ingest.ports.mqtt, { username: a.accessToken, clientId: "ESP32" });
    const second = await connectMqtt(h.ingest.ports.mqtt, { username: b.accessToken, clientId: "ESP32" });
    await new Promise((r) => setTimeout(r, 200));
    expect(first.connected).toBe(true);
    await first.publishAsync("v1/devices/me/attributes", JSON.stringify({ who: "a" }), { qos: 1 });
    await second.publishAsync("v1/devices/me/attributes", JSON.stringify({ who: "b" }), { qos: 1 });
    expect((await attributesOf(a.device.id)).map((r) => r.stringValue)).toEqual(["a"]);
    expect((await attributesOf(b.device.id)).map((r) => r.stringValue)).toEqual(["b"]);
    await Promise.all([first.endAsync(), second.endAsync()]);
  });
});

describe("MQTT client attributes", () => {
  it("stores client attributes before the PUBACK", async () => {
    const { device, accessToken } = await newDevice(h);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    await client.publishAsync(
      "v1/devices/me/attributes",
      JSON.stringify({ firmware: "1.2.3", channels: 4, enabled: true }),
      { qos: 1 },
    );
    // No waiting: the PUBACK means committed.
    const rows = await attributesOf(device.id);
    expect(rows.map((r) => [r.scope, r.key, r.stringValue ?? r.longValue ?? r.boolValue])).toEqual([
      ["CLIENT", "channels", 4n],
      ["CLIENT", "enabled", true],
      ["CLIENT", "firmware", "1.2.3"],
    ]);
    await client.endAsync();
  });

  it("answers an attribute request with client and shared values", async () => {
    const { device, accessToken } = await newDevice(h);
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
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    await client.publishAsync("v1/devices/me/attributes", JSON.stringify({ model: "T-1000" }), { qos: 1 });
    await client.subscribeAsync("v1/devices/me/attributes/response/+", { qos: 1 });
    const response = nextMessage(client, "v1/devices/me/attributes/response/42");
    await client.publishAsync(
      "v1/devices/me/attributes/request/42",
      JSON.stringify({ clientKeys: "model", sharedKeys: "targetTemp" }),
      { qos: 1 },
    );
    expect((await response).body).toEqual({ client: { model: "T-1000" }, shared: { targetTemp: 21.5 } });
    await client.endAsync();
  });
});

describe("MQTT bad input", () => {
  it.each([
    ["invalid JSON", "v1/devices/me/attributes", "{not json"],
    ["a wrong value type", "v1/devices/me/attributes", JSON.stringify({ broken: null })],
    ["an array as attributes", "v1/devices/me/attributes", JSON.stringify([1, 2])],
    ["a topic the device may not use", "v1/devices/other/attributes", JSON.stringify({ a: 1 })],
    ["a gateway topic from a plain device", "v1/gateway/attributes", JSON.stringify({ "Dev A": { a: 1 } })],
  ])("closes the MQTT 3.1.1 connection on %s and stores nothing", async (_case, topic, payload) => {
    const { device, accessToken } = await newDevice(h);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    const wasClosed = closed(client);
    client.publish(topic, payload, { qos: 1 });
    await wasClosed;
    client.end(true);
    expect(await attributesOf(device.id)).toEqual([]);
  });

  it("closes the connection on an oversized payload", async () => {
    const { device, accessToken } = await newDevice(h);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    const wasClosed = closed(client);
    client.publish("v1/devices/me/attributes", JSON.stringify({ blob: "x".repeat(70_000) }), { qos: 1 });
    await wasClosed;
    client.end(true);
    expect(await attributesOf(device.id)).toEqual([]);
  });

  it("refuses subscriptions outside the device's own topics (SUBACK 0x80)", async () => {
    const { accessToken } = await newDevice(h);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    const refusal = (await client
      .subscribeAsync(["#", "v1/devices/me/telemetry", "v1/devices/me/attributes"], { qos: 1 })
      .catch((e: unknown) => e)) as {
      packet: { granted: number[] };
    };
    expect(refusal.packet.granted).toEqual([128, 128, 1]);
    await client.endAsync();
  });
});

describe("MQTT downlink", () => {
  it("pushes shared-attribute updates to a subscribed device", async () => {
    const { device, accessToken } = await newDevice(h);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    await client.subscribeAsync("v1/devices/me/attributes", { qos: 1 });
    const update = await pushUntil(
      () =>
        pushSharedAttributes(h.redis, device.id, { updated: [{ key: "setpoint", value: { type: "LONG", value: 7 } }] }),
      nextMessage(client, "v1/devices/me/attributes"),
    );
    expect(update.body).toEqual({ setpoint: 7 });
    await client.endAsync();
  });

  it("delivers server-side RPC to a connected device and returns its answer", async () => {
    const { device, accessToken } = await newDevice(h);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    await client.subscribeAsync("v1/devices/me/rpc/request/+", { qos: 1 });
    client.on("message", (topic, payload) => {
      const match = /^v1\/devices\/me\/rpc\/request\/(\d+)$/.exec(topic);
      if (!match) return;
      const request = JSON.parse(payload.toString()) as { method: string; params: { on: boolean } };
      client.publish(`v1/devices/me/rpc/response/${match[1]}`, JSON.stringify({ ok: true, echo: request }), { qos: 1 });
    });
    await waitFor(async () => h.ingest.service.deps.bus.isConnectedHere(device.id));
    const { requestId, response } = await callServerRpc(h.db.system, h.redis, subscriber, {
      tenantId: h.tenantId,
      deviceId: device.id,
      method: "setRelay",
      params: { on: true },
      timeoutMs: 15_000,
    });
    expect(response).toEqual({ ok: true, echo: { method: "setRelay", params: { on: true } } });
    const row = await waitFor(async () => {
      const r = await h.db.system.rpcRequest.findFirst({ where: { deviceId: device.id, requestId } });
      return r?.status === "SUCCESSFUL" ? r : null;
    });
    expect(row.response).toEqual({ ok: true, echo: { method: "setRelay", params: { on: true } } });
    await client.endAsync();
  });

  it("queues RPC for an offline device until it subscribes, and expires what times out", async () => {
    const { device, accessToken } = await newDevice(h);
    const expired = await sendServerRpc(h.db.system, h.redis, {
      tenantId: h.tenantId,
      deviceId: device.id,
      method: "stale",
      timeoutMs: 1,
    });
    const queued = await sendServerRpc(h.db.system, h.redis, {
      tenantId: h.tenantId,
      deviceId: device.id,
      method: "reboot",
      params: { delay: 5 },
      timeoutMs: 60_000,
    });
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    const delivered = nextMessage(client, /^v1\/devices\/me\/rpc\/request\/\d+$/);
    await client.subscribeAsync("v1/devices/me/rpc/request/+", { qos: 1 });
    const message = await delivered;
    expect(message).toEqual({
      topic: `v1/devices/me/rpc/request/${queued}`,
      body: { method: "reboot", params: { delay: 5 } },
    });
    await waitFor(
      async () =>
        (await h.db.system.rpcRequest.findFirst({ where: { deviceId: device.id, requestId: expired } }))?.status ===
        "EXPIRED",
    );
    await waitFor(
      async () =>
        (await h.db.system.rpcRequest.findFirst({ where: { deviceId: device.id, requestId: queued } }))?.status ===
        "DELIVERED",
    );
    await client.endAsync();
  });

  it("answers the built-in client-side RPC getSessionLimits", async () => {
    const { accessToken } = await newDevice(h);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    await client.subscribeAsync("v1/devices/me/rpc/response/+", { qos: 1 });
    const answer = nextMessage(client, "v1/devices/me/rpc/response/3");
    await client.publishAsync(
      "v1/devices/me/rpc/request/3",
      JSON.stringify({ method: "getSessionLimits", params: {} }),
      { qos: 1 },
    );
    expect((await answer).body).toMatchObject({ maxPayloadSize: expect.any(Number) });
    await client.endAsync();
  });

  it("relays other client-side RPC to the rule engine and publishes its answer", async () => {
    const { device, accessToken } = await newDevice(h);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    await client.subscribeAsync("v1/devices/me/rpc/response/+", { qos: 1 });
    const answer = nextMessage(client, "v1/devices/me/rpc/response/8");
    await client.publishAsync("v1/devices/me/rpc/request/8", JSON.stringify({ method: "getTime", params: {} }), {
      qos: 1,
    });
    const request = await waitFor(async () => {
      const entries = await h.redis.xrange(ruleEngineStream(partitionOf(device.id)), "-", "+");
      return entries
        .flatMap(([, f]) => readRuleEngineEntry(f) as { type: string; deviceId: string; requestId: number }[])
        .find((m) => m.type === "TO_SERVER_RPC_REQUEST" && m.deviceId === device.id);
    });
    await answerClientRpc(h.redis, device.id, request.requestId, { time: 99 });
    expect((await answer).body).toEqual({ time: 99 });
    await client.endAsync();
  });
});

describe("MQTT claim", () => {
  it("records a device's claim secret for the requested duration", async () => {
    const { device, accessToken } = await newDevice(h);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    await client.publishAsync("v1/devices/me/claim", JSON.stringify({ secretKey: "abc", durationMs: 30_000 }), {
      qos: 1,
    });
    await client.endAsync();
    expect(JSON.parse((await h.redis.get(claimKey(device.id)))!)).toMatchObject({
      tenantId: h.tenantId,
      secretKey: "abc",
    });
    expect(await h.redis.pttl(claimKey(device.id))).toBeGreaterThan(25_000);
  });
});
