// Issue 23, device side: bad input answers 4xx (finding 8), key limits (finding 9), CoAP's
// malformed datagrams and refused Observe (finding 10), and ThingsBoard's edge cases.
import { createSocket } from "node:dgram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IClientOptions, MqttClient, Packet } from "mqtt";
import { createTelemetryStore } from "@industryos/db/telemetry";
import { createDevice, createTenant } from "@industryos/db/testing";
import { coapClient } from "./coap-client.ts";
import { closed, connectMqtt, newDevice, nextMessage, startHarness, type Harness } from "./harness.ts";

let h: Harness;
let coap: ReturnType<typeof coapClient>;
let store: ReturnType<typeof createTelemetryStore>;

beforeAll(async () => {
  h = await startHarness({
    redisDb: 18,
    overrides: { INGEST_MAX_KEYS_PER_MESSAGE: 20, INGEST_MAX_KEYS_PER_DEVICE: 50 },
  });
  coap = coapClient(h.ingest.ports.coap!);
  store = createTelemetryStore(h.db);
});
afterAll(async () => {
  coap?.close();
  await h?.close();
});

const deep = (depth: number) => `{"v":${"[".repeat(depth)}${"]".repeat(depth)}}`;
/** `{"s": "<0xff>"}`: not UTF-8. */
const notUtf8 = Buffer.from([0x7b, 0x22, 0x73, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]);
const manyKeys = (n: number, prefix = "k") =>
  JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, i])));

const http = (token: string, resource: string, body: string | Buffer) =>
  fetch(`http://127.0.0.1:${h.ingest.ports.http}/api/v1/${token}/${resource}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });

const keysOf = async (deviceId: string) =>
  Object.keys(await store.latest(h.tenantId, deviceId, await store.keys(h.tenantId, deviceId))).sort();
const attributeKeys = async (deviceId: string) =>
  (await h.db.system.attribute.findMany({ where: { entityId: deviceId } })).map((a) => a.key).sort();

type Ack = { cmd: string; messageId?: number; reasonCode?: number; properties?: { reasonString?: string } };

/** Publishes at QoS 1 and resolves with the PUBACK (MQTT 5) for it. */
function publishAck(client: MqttClient, topic: string, payload: string | Buffer): Promise<Ack> {
  return new Promise((resolve, reject) => {
    let messageId: number | undefined;
    const acks: Ack[] = [];
    const onPacket = (packet: Packet) => {
      if (packet.cmd === "puback") acks.push(packet as Ack);
    };
    client.on("packetreceive", onPacket);
    client.publish(topic, payload, { qos: 1 }, (error, packet) => {
      messageId = (packet as { messageId?: number } | undefined)?.messageId;
      client.off("packetreceive", onPacket);
      const ack = acks.find((a) => a.messageId === messageId);
      if (ack) resolve(ack);
      else reject(error ?? new Error("no PUBACK"));
    });
  });
}

async function deviceOn(
  version: 4 | 5,
  extra: IClientOptions = {},
  data: { isGateway?: boolean; tenantId?: string } = {},
) {
  const { device, accessToken } = await createDevice(h.db.system, {
    tenantId: data.tenantId ?? h.tenantId,
    isGateway: data.isGateway,
  });
  const client = await connectMqtt(h.ingest.ports.mqtt, { protocolVersion: version, username: accessToken, ...extra });
  return { device, accessToken, client };
}

describe("finding 8: bad input is the device's mistake (4xx), never a server error", () => {
  it("MQTT 5: deeply nested JSON and invalid UTF-8 get PUBACK 0x99 and the connection stays", async () => {
    const { device, client } = await deviceOn(5);
    expect(await publishAck(client, "v1/devices/me/telemetry", deep(10_000))).toMatchObject({ reasonCode: 0x99 });
    expect(await publishAck(client, "v1/devices/me/attributes", deep(100))).toMatchObject({ reasonCode: 0x99 });
    expect(await publishAck(client, "v1/devices/me/telemetry", notUtf8)).toMatchObject({ reasonCode: 0x99 });
    expect(await publishAck(client, "v1/devices/me/attributes", notUtf8)).toMatchObject({ reasonCode: 0x99 });
    expect(client.connected).toBe(true);
    expect(await keysOf(device.id)).toEqual([]);
    expect(await attributeKeys(device.id)).toEqual([]);
    await client.endAsync();
  });

  it("MQTT 3.1.1: deeply nested JSON closes the connection, as any refused publish does", async () => {
    const { device, client } = await deviceOn(4);
    const gone = closed(client);
    client.publish("v1/devices/me/telemetry", deep(10_000), { qos: 1 });
    await gone;
    expect(await keysOf(device.id)).toEqual([]);
  });

  it("HTTP: 400 for deep JSON and invalid UTF-8, stores nothing", async () => {
    const { device, accessToken: token } = await newDevice(h);
    for (const body of [deep(10_000), deep(65), notUtf8]) {
      const res = await http(token, "telemetry", body);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "BAD_REQUEST" } });
    }
    expect((await http(token, "attributes", notUtf8)).status).toBe(400);
    expect(await keysOf(device.id)).toEqual([]);
    expect(await attributeKeys(device.id)).toEqual([]);
  });

  it("CoAP: 4.00 for deep JSON and invalid UTF-8", async () => {
    const { accessToken: token } = await newDevice(h);
    expect((await coap.send("POST", `/api/v1/${token}/telemetry`, deep(500))).code).toBe("4.00");
    expect((await coapRaw(token, notUtf8)).code).toBe("4.00");
  });

  it("a NUL in a credential is a failed login, and counted like one", async () => {
    const failures = async () => Number((await h.redis.get("ingest:auth-failures:127.0.0.1")) ?? 0);
    await h.redis.del("ingest:auth-failures:127.0.0.1");
    // MQTT: CONNACK 5 (not authorized), not 3 (server unavailable).
    await expect(connectMqtt(h.ingest.ports.mqtt, { username: "tok\u0000en" })).rejects.toMatchObject({ code: 5 });
    await expect(
      connectMqtt(h.ingest.ports.mqtt, { clientId: "c\u0000", username: "u", password: "p\u0000" }),
    ).rejects.toMatchObject({ code: 5 });
    expect(await failures()).toBe(2);
    // HTTP: 401, not 500.
    const res = await http("tok%00en", "telemetry", "{}");
    expect(res.status).toBe(401);
    expect(await failures()).toBe(3);
    await h.redis.del("ingest:auth-failures:127.0.0.1");
  });
});

/** A CoAP POST with a raw payload (the client helper sends strings). */
function coapRaw(token: string, payload: Buffer): Promise<{ code: string }> {
  return coapRequest(h.ingest.ports.coap!, `/api/v1/${token}/telemetry`, payload);
}

async function coapRequest(port: number, path: string, payload: Buffer): Promise<{ code: string }> {
  const { request, Agent } = await import("coap");
  const agent = new Agent({ type: "udp4" });
  try {
    return await new Promise((resolve, reject) => {
      const req = request({ hostname: "127.0.0.1", port, method: "POST", pathname: path, agent });
      req.on("response", (res: { code: string }) => resolve({ code: res.code }));
      req.on("error", reject);
      req.end(payload);
    });
  } finally {
    agent.close(() => undefined);
  }
}

describe("finding 9: key limits per message and per device", () => {
  it("refuses more keys in one message than allowed: HTTP 400 naming the limit, CoAP 4.00, MQTT 5 0x97", async () => {
    const { device, accessToken: token } = await newDevice(h);
    const res = await http(token, "telemetry", manyKeys(21));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        code: "QUOTA_EXCEEDED",
        message: expect.stringMatching(/21 keys.*20 keys per message/),
        limit: "maxKeysPerMessage",
        max: 20,
        keys: 21,
      },
    });
    expect((await http(token, "attributes", manyKeys(21))).status).toBe(400);
    expect((await coap.send("POST", `/api/v1/${token}/telemetry`, manyKeys(21))).code).toBe("4.00");
    expect(await keysOf(device.id)).toEqual([]);
    expect((await http(token, "telemetry", manyKeys(20))).status).toBe(200);

    const { client } = await deviceOn(5);
    const ack = await publishAck(client, "v1/devices/me/telemetry", manyKeys(5_000));
    expect(ack).toMatchObject({ reasonCode: 0x97, properties: { reasonString: expect.stringMatching(/per message/) } });
    expect(client.connected).toBe(true);
    await client.endAsync();
  });

  it("refuses new keys past the device's limit, counting the keys it stored before (read from the database)", async () => {
    const { device, accessToken: token } = await newDevice(h);
    // 45 keys stored before this ingest process saw the device.
    await store.writeBatch(
      Array.from({ length: 45 }, (_, i) => ({
        tenantId: h.tenantId,
        entityId: device.id,
        key: `old${i}`,
        ts: 1_700_000_000_000,
        value: { type: "LONG" as const, value: i },
      })),
    );
    expect((await http(token, "telemetry", manyKeys(5, "new"))).status).toBe(200); // 50: at the limit
    const res = await http(token, "telemetry", JSON.stringify({ old1: 1, extra: 2 }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: "QUOTA_EXCEEDED", limit: "maxKeysPerDevice", kind: "telemetry", max: 50, keys: 50, newKeys: 1 },
    });
    // Keys it has are still welcome.
    expect((await http(token, "telemetry", JSON.stringify({ old1: 7, new4: 8 }))).status).toBe(200);
    expect((await keysOf(device.id)).length).toBe(50);
  });

  it("takes the limits from the tenant's settings, for gateways' devices too", async () => {
    const tenant = await createTenant(h.db.system, {
      settings: { limits: { maxKeysPerMessage: 3, maxKeysPerDevice: 4 } },
    });
    const { device, client } = await deviceOn(5, {}, { tenantId: tenant.id });
    expect(await publishAck(client, "v1/devices/me/telemetry", manyKeys(4))).toMatchObject({ reasonCode: 0x97 });
    expect(await publishAck(client, "v1/devices/me/telemetry", manyKeys(3, "a"))).toMatchObject({ cmd: "puback" });
    expect(await publishAck(client, "v1/devices/me/telemetry", manyKeys(2, "b"))).toMatchObject({ reasonCode: 0x97 });
    expect(await publishAck(client, "v1/devices/me/attributes", manyKeys(3, "c"))).toMatchObject({ cmd: "puback" });
    expect(await publishAck(client, "v1/devices/me/attributes", manyKeys(2, "d"))).toMatchObject({ reasonCode: 0x97 });
    expect((await store.keys(tenant.id, device.id)).sort()).toEqual(["a0", "a1", "a2"]);
    await client.endAsync();

    const gateway = await deviceOn(5, {}, { tenantId: tenant.id, isGateway: true });
    const sent = await publishAck(
      gateway.client,
      "v1/gateway/telemetry",
      JSON.stringify({ "Sub A": JSON.parse(manyKeys(4)) as unknown }),
    );
    expect(sent).toMatchObject({ reasonCode: 0x97 });
    await gateway.client.endAsync();
  });
});

describe("finding 10: CoAP", () => {
  it("drops a malformed datagram without answering", async () => {
    const socket = createSocket("udp4");
    const answers: Buffer[] = [];
    socket.on("message", (message) => answers.push(message));
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    for (const datagram of [
      Buffer.from([0xff, 0x00, 0x01]),
      Buffer.from("GET /api/v1 HTTP/1.1\r\n\r\n"),
      Buffer.from([0x40]),
    ])
      socket.send(datagram, h.ingest.ports.coap!, "127.0.0.1");
    await new Promise((r) => setTimeout(r, 1_000));
    socket.close();
    expect(answers.map((a) => a.toString("latin1"))).toEqual([]);
  });

  it("refuses an Observe with a bad token with 4.01, not a 2.05 notification", async () => {
    const { request, Agent } = await import("coap");
    const agent = new Agent({ type: "udp4" });
    const code = await new Promise<string>((resolve, reject) => {
      const req = request({
        hostname: "127.0.0.1",
        port: h.ingest.ports.coap!,
        method: "GET",
        pathname: "/api/v1/no-such-token/attributes",
        observe: true,
        agent,
      });
      req.on("response", (res: { code: string; headers: Record<string, unknown> }) => {
        expect(res.headers.Observe).toBeUndefined();
        resolve(res.code);
      });
      req.on("error", reject);
      req.end();
    });
    agent.close(() => undefined);
    expect(code).toBe("4.01");
  });
});

describe("ThingsBoard edge cases", () => {
  it("getSessionLimits carries the tenant's rateLimits (and gatewayRateLimits for a gateway)", async () => {
    const tenant = await createTenant(h.db.system, {
      settings: {
        limits: {
          transportDeviceMsgRateLimit: "10:1,300:60",
          transportDeviceTelemetryMsgRateLimit: "5:1",
          transportDeviceTelemetryDataPointsRateLimit: "100:1,3000:60",
          transportGatewayMsgRateLimit: "100:1",
          transportGatewayDeviceMsgRateLimit: "20:1",
        },
      },
    });
    const ask = async (isGateway: boolean) => {
      const { client } = await deviceOn(4, {}, { tenantId: tenant.id, isGateway });
      await client.subscribeAsync("v1/devices/me/rpc/response/+", { qos: 1 });
      const answer = nextMessage(client, "v1/devices/me/rpc/response/1");
      await client.publishAsync(
        "v1/devices/me/rpc/request/1",
        JSON.stringify({ method: "getSessionLimits", params: {} }),
      );
      const { body } = await answer;
      await client.endAsync();
      return body;
    };
    expect(await ask(false)).toEqual({
      maxPayloadSize: h.config.INGEST_MAX_PAYLOAD_BYTES,
      maxInflightMessages: 100,
      rateLimits: { messages: "10:1,300:60", telemetryMessages: "5:1", telemetryDataPoints: "100:1,3000:60" },
    });
    expect(await ask(true)).toEqual({
      maxPayloadSize: h.config.INGEST_MAX_PAYLOAD_BYTES,
      maxInflightMessages: 100,
      rateLimits: { messages: "20:1", telemetryMessages: null, telemetryDataPoints: null },
      gatewayRateLimits: { messages: "100:1", telemetryMessages: null, telemetryDataPoints: null },
    });
  });

  it("accepts telemetry {} on HTTP, MQTT and CoAP and stores nothing", async () => {
    const { device, accessToken: token } = await newDevice(h);
    expect((await http(token, "telemetry", "{}")).status).toBe(200);
    expect((await coap.send("POST", `/api/v1/${token}/telemetry`, "{}")).code).toBe("2.04");
    const mqttDevice = await deviceOn(5);
    expect(await publishAck(mqttDevice.client, "v1/devices/me/telemetry", "{}")).toMatchObject({ cmd: "puback" });
    expect((await publishAck(mqttDevice.client, "v1/devices/me/telemetry", "{}")).reasonCode ?? 0).toBe(0);
    await mqttDevice.client.endAsync();
    expect(await keysOf(device.id)).toEqual([]);
    expect(await keysOf(mqttDevice.device.id)).toEqual([]);
  });

  it("answers a gateway's request for attributes a device does not have without value/values", async () => {
    const gateway = await deviceOn(4, {}, { isGateway: true });
    await gateway.client.subscribeAsync("v1/gateway/attributes/response", { qos: 1 });
    const ask = async (request: Record<string, unknown>) => {
      const answer = nextMessage(gateway.client, "v1/gateway/attributes/response");
      await gateway.client.publishAsync("v1/gateway/attributes/request", JSON.stringify(request), { qos: 1 });
      return (await answer).body;
    };
    expect(await ask({ id: 1, device: "Sensor Z", client: false, key: "missing" })).toEqual({
      id: 1,
      device: "Sensor Z",
    });
    expect(await ask({ id: 2, device: "Sensor Z", client: false, keys: ["a", "b"] })).toEqual({
      id: 2,
      device: "Sensor Z",
    });
    await gateway.client.endAsync();
  });

  it("keeps a whole double written as 20.0 a DOUBLE, as ThingsBoard's JSON converter does", async () => {
    const { device, client } = await deviceOn(4);
    await client.publishAsync("v1/devices/me/telemetry", '{"temperature":20.0,"count":20}', { qos: 1 });
    await client.publishAsync("v1/devices/me/attributes", '{"setpoint":21.00}', { qos: 1 });
    await client.endAsync();
    const latest = await store.latest(h.tenantId, device.id, ["temperature", "count"]);
    expect(latest.temperature?.value).toEqual({ type: "DOUBLE", value: 20 });
    expect(latest.count?.value).toEqual({ type: "LONG", value: 20 });
    const [setpoint] = await h.db.system.attribute.findMany({ where: { entityId: device.id } });
    expect(setpoint).toMatchObject({ key: "setpoint", doubleValue: 21, longValue: null });
  });
});
