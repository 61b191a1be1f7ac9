import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelemetryStore, type TelemetryStore } from "@industryos/db/telemetry";
import { createDeviceProfile } from "@industryos/db/testing";
import {
  DEVICE_PROFILES_CHANGED_CHANNEL,
  partitionOf,
  readRuleEngineEntry,
  ruleEngineStream,
} from "@industryos/device-protocol";
import { compileProtoMessage } from "@industryos/device-protocol/protobuf-schema";
import { callServerRpc, sendServerRpc } from "@industryos/device-bus";
import { Agent, request, type IncomingMessage } from "coap";
import { Redis } from "ioredis";
import { fromKvColumns } from "../src/db/kv-columns.ts";
import { closed, connectMqtt, newDevice, publishAck, startHarness, waitFor, type Harness } from "./harness.ts";

// ThingsBoard's default telemetry schema, with the scalar types a device sends beside it.
const TELEMETRY_PROTO = `
syntax = "proto3";
package telemetry;

message SensorDataReading {
  optional double temperature = 1;
  optional int64 uptime = 2;
  optional bool door_open = 3;
  optional string firmware = 4;
  optional float voltage = 5;
  optional int32 rssi = 6;
  InnerObject inner_object = 7;
  message InnerObject {
    optional string key1 = 1;
    optional int32 key2 = 2;
  }
}`;
const ATTRIBUTES_PROTO = `syntax = "proto3"; package attributes; message Attrs { string serial = 1; int32 slots = 2; }`;

const telemetryType = compileProtoMessage(TELEMETRY_PROTO);
const attributesType = compileProtoMessage(ATTRIBUTES_PROTO);
const encodeTelemetry = (values: Record<string, unknown>) =>
  Buffer.from(telemetryType.encode(telemetryType.fromObject(values)).finish());
/** Field 1 with wire type 7, which no protobuf message has: every decoder refuses it. */
const GARBAGE = Buffer.from([0x0f, 0xff, 0xff, 0xff]);

// ThingsBoard's default RPC schemas, the response with a status beside its payload.
const RPC_REQUEST_PROTO = `syntax = "proto3";
package rpc;
message RpcRequestMsg {
  optional string method = 1;
  optional int32 requestId = 2;
  optional string params = 3;
}`;
const RPC_RESPONSE_PROTO = `syntax = "proto3"; package rpc; message RpcResponseMsg { optional string payload = 1; int32 status = 2; }`;
const rpcRequestType = compileProtoMessage(RPC_REQUEST_PROTO);
const rpcResponseType = compileProtoMessage(RPC_RESPONSE_PROTO);

let h: Harness;
let store: TelemetryStore;
let profileId: string;
let subscriber: Redis;

beforeAll(async () => {
  h = await startHarness({ redisDb: 31 });
  subscriber = new Redis(`${process.env.REDIS_URL}/31`);
  store = createTelemetryStore(h.db);
  const profile = await createDeviceProfile(h.db.system, {
    tenantId: h.tenantId,
    transportConfig: {
      payloadType: "PROTOBUF",
      telemetryProto: TELEMETRY_PROTO,
      attributesProto: ATTRIBUTES_PROTO,
      rpcRequestProto: RPC_REQUEST_PROTO,
      rpcResponseProto: RPC_RESPONSE_PROTO,
    },
  });
  profileId = profile.id;
}, 120_000);
afterAll(async () => {
  subscriber?.disconnect();
  await h?.close();
});

const protobufDevice = () => newDeviceIn(profileId);
async function newDeviceIn(deviceProfileId: string) {
  const { device, accessToken } = await newDevice(h, {});
  await h.db.system.device.update({ where: { id: device.id }, data: { deviceProfileId } });
  return { device, accessToken };
}

const latest = (deviceId: string) => store.latest(h.tenantId, deviceId);

function coapPost(
  path: string,
  payload: Buffer,
  contentFormat = "application/octet-stream",
): Promise<{ code: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({
      hostname: "127.0.0.1",
      port: h.ingest.ports.coap!,
      method: "POST",
      pathname: path,
      agent: new Agent({ type: "udp4" }),
    });
    req.setOption("Content-Format", contentFormat);
    req.on("response", (res: IncomingMessage) => resolve({ code: res.code, body: res.payload.toString() }));
    req.on("error", reject);
    req.end(payload);
  });
}

const httpPost = (path: string, body: Buffer, contentType = "application/x-protobuf") =>
  fetch(`http://127.0.0.1:${h.ingest.ports.http}${path}`, {
    method: "POST",
    headers: { "content-type": contentType },
    body,
  });

describe("PROTOBUF device profiles", () => {
  it("MQTT: telemetry decoded with the profile's message reads back typed", async () => {
    const { device, accessToken } = await protobufDevice();
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    try {
      await client.publishAsync(
        "v1/devices/me/telemetry",
        encodeTelemetry({
          temperature: 21,
          uptime: "4102444800000",
          doorOpen: true,
          firmware: "2.1.0",
          voltage: 3.3,
          rssi: -71,
          innerObject: { key1: "a", key2: 2 },
        }),
        { qos: 1 },
      );
      expect(await latest(device.id)).toMatchObject({
        // 21 stays a double although it is whole; an int64 past 2^32 stays an integer.
        temperature: { value: { type: "DOUBLE", value: 21 } },
        uptime: { value: { type: "LONG", value: 4_102_444_800_000 } },
        doorOpen: { value: { type: "BOOLEAN", value: true } },
        firmware: { value: { type: "STRING", value: "2.1.0" } },
        voltage: { value: { type: "DOUBLE", value: 3.3 } },
        rssi: { value: { type: "LONG", value: -71 } },
        innerObject: { value: { type: "JSON", value: { key1: "a", key2: 2 } } },
      });
      // The rule engine gets the message as JSON, as from a JSON device.
      const entries = await h.redis.xrange(ruleEngineStream(partitionOf(device.id)), "-", "+");
      const messages = entries.flatMap(
        ([, fields]) => readRuleEngineEntry(fields) as { deviceId?: string; data?: unknown }[],
      );
      expect(messages.find((m) => m.deviceId === device.id)?.data).toMatchObject({
        temperature: 21,
        firmware: "2.1.0",
      });
    } finally {
      await client.endAsync();
    }
  });

  it("MQTT: attributes decoded with the attributes message", async () => {
    const { device, accessToken } = await protobufDevice();
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    try {
      const payload = attributesType.encode(attributesType.fromObject({ serial: "SN-7", slots: 4 })).finish();
      await client.publishAsync("v1/devices/me/attributes", Buffer.from(payload), { qos: 1 });
      const rows = await h.db.system.attribute.findMany({ where: { entityId: device.id }, orderBy: { key: "asc" } });
      expect(rows.map((r) => [r.key, fromKvColumns(r)])).toEqual([
        ["serial", { type: "STRING", value: "SN-7" }],
        ["slots", { type: "LONG", value: 4 }],
      ]);
    } finally {
      await client.endAsync();
    }
  });

  it("MQTT 5: a payload that is not the profile's message gets PUBACK 0x99 and stores nothing", async () => {
    const { device, accessToken } = await protobufDevice();
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken, protocolVersion: 5 });
    try {
      expect(await publishAck(client, "v1/devices/me/telemetry", GARBAGE)).toMatchObject({ reasonCode: 0x99 });
      // A JSON payload is not the profile's message either.
      expect(await publishAck(client, "v1/devices/me/telemetry", Buffer.from('{"temperature":1}'))).toMatchObject({
        reasonCode: 0x99,
      });
      expect(await publishAck(client, "v1/devices/me/telemetry", encodeTelemetry({ rssi: -1 }))).toMatchObject({
        reasonCode: 0,
      });
      expect(Object.keys(await latest(device.id))).toEqual(["rssi"]);
    } finally {
      await client.endAsync();
    }
  });

  it("MQTT 3.1.1: a payload that does not decode closes the connection", async () => {
    const { accessToken } = await protobufDevice();
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    client.on("error", () => undefined);
    client.publish("v1/devices/me/telemetry", GARBAGE, { qos: 1 });
    await closed(client);
    client.end(true);
  });

  it("HTTP: a protobuf body is decoded, JSON is taken when declared, garbage is 400 with a JSON error", async () => {
    const { device, accessToken } = await protobufDevice();
    expect(
      (await httpPost(`/api/v1/${accessToken}/telemetry`, encodeTelemetry({ temperature: 19.5, uptime: 7 }))).status,
    ).toBe(200);
    expect(
      (await httpPost(`/api/v1/${accessToken}/telemetry`, Buffer.from('{"humidity":40}'), "application/json")).status,
    ).toBe(200);
    expect(await latest(device.id)).toMatchObject({
      temperature: { value: { type: "DOUBLE", value: 19.5 } },
      uptime: { value: { type: "LONG", value: 7 } },
      humidity: { value: { type: "LONG", value: 40 } },
    });
    const refused = await httpPost(`/api/v1/${accessToken}/telemetry`, GARBAGE, "application/octet-stream");
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      error: {
        code: "BAD_REQUEST",
        message: expect.stringContaining("not a valid telemetry.SensorDataReading message"),
      },
    });
  });

  it("CoAP: a protobuf payload is stored (2.04), garbage is 4.00, declared JSON is JSON", async () => {
    const { device, accessToken } = await protobufDevice();
    expect(
      (await coapPost(`/api/v1/${accessToken}/telemetry`, encodeTelemetry({ rssi: -90, doorOpen: false }))).code,
    ).toBe("2.04");
    expect(await latest(device.id)).toMatchObject({
      rssi: { value: { type: "LONG", value: -90 } },
      doorOpen: { value: { type: "BOOLEAN", value: false } },
    });
    expect((await coapPost(`/api/v1/${accessToken}/telemetry`, GARBAGE)).code).toBe("4.00");
    // Content-Format application/json is JSON whatever the profile.
    const json = Buffer.from('{"lux":120}');
    expect((await coapPost(`/api/v1/${accessToken}/telemetry`, json, "application/json")).code).toBe("2.04");
    expect(await latest(device.id)).toMatchObject({ lux: { value: { type: "LONG", value: 120 } } });
  });

  it("a device of a JSON profile is unaffected", async () => {
    const { device, accessToken } = await newDevice(h);
    expect((await httpPost(`/api/v1/${accessToken}/telemetry`, Buffer.from('{"t":1.5}'), "text/plain")).status).toBe(
      200,
    );
    expect(await latest(device.id)).toMatchObject({ t: { value: { type: "DOUBLE", value: 1.5 } } });
  });

  it("a profile switched to JSON takes JSON once the change is announced", async () => {
    const profile = await createDeviceProfile(h.db.system, {
      tenantId: h.tenantId,
      transportConfig: { payloadType: "PROTOBUF", telemetryProto: TELEMETRY_PROTO },
    });
    const { device, accessToken } = await newDeviceIn(profile.id);
    const json = Buffer.from('{"level":3}');
    expect((await httpPost(`/api/v1/${accessToken}/telemetry`, json, "application/octet-stream")).status).toBe(400);
    await h.db.system.deviceProfile.update({
      where: { id: profile.id },
      data: { transportConfig: { payloadType: "JSON" } },
    });
    await h.redis.publish(
      DEVICE_PROFILES_CHANGED_CHANNEL,
      JSON.stringify({ tenantId: h.tenantId, deviceProfileId: profile.id }),
    );
    await waitFor(
      async () => (await httpPost(`/api/v1/${accessToken}/telemetry`, json, "application/octet-stream")).ok,
    );
    expect(await latest(device.id)).toMatchObject({ level: { value: { type: "LONG", value: 3 } } });
  });

  it("MQTT: server-side RPC goes out as the profile's request message and its protobuf answer comes back", async () => {
    const { device, accessToken } = await protobufDevice();
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    try {
      await client.subscribeAsync("v1/devices/me/rpc/request/+", { qos: 1 });
      const received: unknown[] = [];
      client.on("message", (topic, payload) => {
        const match = /^v1\/devices\/me\/rpc\/request\/(\d+)$/.exec(topic);
        if (!match) return;
        const request = rpcRequestType.toObject(rpcRequestType.decode(payload));
        received.push(request);
        const answer = rpcResponseType.fromObject({ payload: `done ${String(request.params)}`, status: 2 });
        client.publish(`v1/devices/me/rpc/response/${match[1]}`, Buffer.from(rpcResponseType.encode(answer).finish()), {
          qos: 1,
        });
      });
      await waitFor(async () => h.ingest.service.deps.bus.isConnectedHere(device.id));
      const { requestId, response } = await callServerRpc(h.db.system, h.redis, subscriber, {
        tenantId: h.tenantId,
        deviceId: device.id,
        method: "setRelay",
        params: { on: true },
        timeoutMs: 15_000,
      });
      expect(received).toEqual([{ method: "setRelay", requestId, params: '{"on":true}' }]);
      expect(response).toEqual({ payload: 'done {"on":true}', status: 2 });
    } finally {
      await client.endAsync();
    }
  });

  it("MQTT: an RPC the request message cannot hold is FAILED with the reason, and not sent", async () => {
    const profile = await createDeviceProfile(h.db.system, {
      tenantId: h.tenantId,
      transportConfig: {
        payloadType: "PROTOBUF",
        rpcRequestProto: `syntax = "proto3"; message Cmd { string method = 1; int32 params = 2; }`,
      },
    });
    const { device, accessToken } = await newDeviceIn(profile.id);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    try {
      const received: string[] = [];
      client.on("message", (topic) => received.push(topic));
      await client.subscribeAsync("v1/devices/me/rpc/request/+", { qos: 1 });
      await waitFor(async () => h.ingest.service.deps.bus.isConnectedHere(device.id));
      const requestId = await sendServerRpc(h.db.system, h.redis, {
        tenantId: h.tenantId,
        deviceId: device.id,
        method: "setRelay",
        params: { on: true },
        timeoutMs: 15_000,
      });
      const row = await waitFor(async () => {
        const r = await h.db.system.rpcRequest.findFirst({ where: { deviceId: device.id, requestId } });
        return r?.status === "FAILED" ? r : null;
      });
      expect(row.response).toEqual({ error: expect.stringContaining('params cannot hold {"on":true}') });
      expect(received).toEqual([]);
    } finally {
      await client.endAsync();
    }
  });

  it("a device moved to a JSON profile takes JSON once the move is announced", async () => {
    const { device, accessToken } = await protobufDevice();
    const json = Buffer.from('{"moved":1}');
    expect((await httpPost(`/api/v1/${accessToken}/telemetry`, json, "application/octet-stream")).status).toBe(400);
    const plain = await createDeviceProfile(h.db.system, { tenantId: h.tenantId });
    await h.db.system.device.update({ where: { id: device.id }, data: { deviceProfileId: plain.id } });
    await h.redis.publish(
      DEVICE_PROFILES_CHANGED_CHANNEL,
      JSON.stringify({ tenantId: h.tenantId, deviceProfileId: plain.id, deviceId: device.id }),
    );
    await waitFor(
      async () => (await httpPost(`/api/v1/${accessToken}/telemetry`, json, "application/octet-stream")).ok,
    );
    expect(await latest(device.id)).toMatchObject({ moved: { value: { type: "LONG", value: 1 } } });
  });

  it("devices of JSON and PROTOBUF profiles sending their first messages at once each get their own profile's decoding", async () => {
    const devices = await Promise.all([
      ...Array.from({ length: 8 }, () => protobufDevice().then((d) => ({ ...d, protobuf: true }))),
      ...Array.from({ length: 8 }, () => newDevice(h).then((d) => ({ ...d, protobuf: false }))),
    ]);
    const statuses = await Promise.all(
      devices.map(({ accessToken, protobuf }, i) =>
        httpPost(
          `/api/v1/${accessToken}/telemetry`,
          protobuf ? encodeTelemetry({ rssi: i }) : Buffer.from(JSON.stringify({ rssi: i })),
          "application/octet-stream",
        ).then((r) => r.status),
      ),
    );
    expect(statuses).toEqual(devices.map(() => 200));
    for (const [i, { device }] of devices.entries())
      expect(await latest(device.id)).toMatchObject({ rssi: { value: { type: "LONG", value: i } } });
  });
});
