import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MqttClient } from "mqtt";
import { Redis } from "ioredis";
import { createTelemetryStore, type TelemetryStore } from "@industryos/db/telemetry";
import { createDeviceProfile } from "@industryos/db/testing";
import { partitionOf, readRuleEngineEntry, ruleEngineStream } from "@industryos/device-protocol";
import { compileProtoMessage } from "@industryos/device-protocol/protobuf-schema";
import { answerClientRpc, callServerRpc, pushSharedAttributes } from "@industryos/device-bus";
import { fromKvColumns } from "../src/db/kv-columns.ts";
import {
  closed,
  connectMqtt,
  newDevice,
  publishAck,
  pushUntil,
  startHarness,
  waitFor,
  type Harness,
} from "./harness.ts";

/**
 * ThingsBoard's gateway and client-side RPC messages as a device built against its
 * transport.proto / queue.proto encodes them: the field numbers and types are ThingsBoard's
 * (one package here: names do not travel on the wire). Written out in the test, not imported
 * from the server, so a server that drifted from ThingsBoard's wire format fails here.
 */
const THINGSBOARD_PROTO = `
syntax = "proto3";
package tb;
enum KeyValueType { BOOLEAN_V = 0; LONG_V = 1; DOUBLE_V = 2; STRING_V = 3; JSON_V = 4; }
message KeyValueProto {
  string key = 1; KeyValueType type = 2; bool bool_v = 3; int64 long_v = 4;
  double double_v = 5; string string_v = 6; string json_v = 7;
}
message TsKvProto { int64 ts = 1; KeyValueProto kv = 2; }
message TsKvListProto { int64 ts = 1; repeated KeyValueProto kv = 2; }
message PostTelemetryMsg { repeated TsKvListProto tsKvList = 1; }
message PostAttributeMsg { repeated KeyValueProto kv = 1; }
message GetAttributeResponseMsg {
  int32 requestId = 1; repeated TsKvProto clientAttributeList = 2; repeated TsKvProto sharedAttributeList = 3;
  bool isMultipleAttributesRequest = 4; string error = 5;
}
message AttributeUpdateNotificationMsg { repeated TsKvProto sharedUpdated = 1; repeated string sharedDeleted = 2; }
message ToDeviceRpcRequestMsg { int32 requestId = 1; string methodName = 2; string params = 3; int64 expirationTime = 4; bool oneway = 7; }
message ToServerRpcResponseMsg { int32 requestId = 1; string payload = 2; string error = 3; }
message RpcRequest { string method = 1; string params = 2; }
message AttributesRequest { string clientKeys = 1; string sharedKeys = 2; }
message ConnectMsg { string deviceName = 1; string deviceType = 2; }
message DisconnectMsg { string deviceName = 1; }
message TelemetryMsg { string deviceName = 1; PostTelemetryMsg msg = 3; }
message AttributesMsg { string deviceName = 1; PostAttributeMsg msg = 2; }
message GatewayTelemetryMsg { repeated TelemetryMsg msg = 1; }
message GatewayAttributesMsg { repeated AttributesMsg msg = 1; }
message GatewayRpcResponseMsg { string deviceName = 1; int32 id = 2; string data = 3; }
message GatewayAttributeResponseMsg { string deviceName = 1; GetAttributeResponseMsg responseMsg = 2; }
message GatewayAttributeUpdateNotificationMsg { string deviceName = 1; AttributeUpdateNotificationMsg notificationMsg = 2; }
message GatewayDeviceRpcRequestMsg { string deviceName = 1; ToDeviceRpcRequestMsg rpcRequestMsg = 2; }
message GatewayAttributesRequestMsg { int32 id = 1; string deviceName = 2; bool client = 3; repeated string keys = 4; }
`;
const tb = (name: string) => compileProtoMessage(THINGSBOARD_PROTO, `tb.${name}`);
const encode = (name: string, value: Record<string, unknown>) => {
  const type = tb(name);
  return Buffer.from(type.encode(type.fromObject(value)).finish());
};
const decode = (name: string, payload: Buffer) => {
  const type = tb(name);
  // Defaults included: BOOLEAN_V, the enum's 0, is never on the wire.
  return type.toObject(type.decode(payload), { longs: Number, enums: String, defaults: true });
};
/** Field 1 with wire type 7, which no protobuf message has: every decoder refuses it. */
const GARBAGE = Buffer.from([0x0f, 0xff, 0xff, 0xff]);

let h: Harness;
let store: TelemetryStore;
let subscriber: Redis;
let protobufProfileId: string;

beforeAll(async () => {
  h = await startHarness({ redisDb: 38 });
  subscriber = new Redis(`${process.env.REDIS_URL}/38`);
  store = createTelemetryStore(h.db);
  // No schemas of its own: a gateway's and a client-side RPC's messages are ThingsBoard's fixed ones.
  const profile = await createDeviceProfile(h.db.system, {
    tenantId: h.tenantId,
    transportConfig: { payloadType: "PROTOBUF" },
  });
  protobufProfileId = profile.id;
}, 120_000);
afterAll(async () => {
  subscriber?.disconnect();
  await h?.close();
});

async function protobufDevice(isGateway: boolean) {
  const { device, accessToken } = await newDevice(h, { isGateway });
  await h.db.system.device.update({ where: { id: device.id }, data: { deviceProfileId: protobufProfileId } });
  return { device, accessToken };
}

async function protobufGateway(protocolVersion: 4 | 5 = 4) {
  const { device, accessToken } = await protobufDevice(true);
  const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken, protocolVersion });
  return { gatewayDevice: device, client };
}

const subDevice = (name: string) =>
  h.db.system.device.findUnique({ where: { tenantId_name: { tenantId: h.tenantId, name } } });

/** The next payload on `topic`, raw. */
function nextPayload(client: MqttClient, topic: string, timeoutMs = 15_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nothing on ${topic} within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (t: string, payload: Buffer) => {
      if (t !== topic) return;
      clearTimeout(timer);
      client.off("message", onMessage);
      resolve(payload);
    };
    client.on("message", onMessage);
  });
}

describe("PROTOBUF gateway API (ThingsBoard's transport.proto messages)", () => {
  it("ConnectMsg creates the sub-device with its type; DisconnectMsg records it gone", async () => {
    const { gatewayDevice, client } = await protobufGateway();
    try {
      await client.publishAsync(
        "v1/gateway/connect",
        encode("ConnectMsg", { deviceName: "PB PLC 1", deviceType: "plc" }),
        {
          qos: 1,
        },
      );
      expect(await subDevice("PB PLC 1")).toMatchObject({ type: "plc", gatewayId: gatewayDevice.id });
      await client.publishAsync("v1/gateway/disconnect", encode("DisconnectMsg", { deviceName: "PB PLC 1" }), {
        qos: 1,
      });
      const gone = await waitFor(async () => {
        const row = await subDevice("PB PLC 1");
        return row?.lastConnectAt && row.lastDisconnectAt ? row : null;
      });
      expect(gone.lastDisconnectAt!.getTime()).toBeGreaterThanOrEqual(gone.lastConnectAt!.getTime());
    } finally {
      await client.endAsync();
    }
  });

  it("GatewayTelemetryMsg stores each sub-device's values with the types the KeyValueProtos name", async () => {
    const { client } = await protobufGateway();
    const ts = Date.now() - 60_000;
    try {
      await client.publishAsync(
        "v1/gateway/telemetry",
        encode("GatewayTelemetryMsg", {
          msg: [
            {
              deviceName: "PB Meter A",
              msg: {
                tsKvList: [
                  {
                    ts,
                    kv: [
                      // 21 stays DOUBLE although whole: the device said DOUBLE_V.
                      { key: "temperature", type: "DOUBLE_V", doubleV: 21 },
                      { key: "uptime", type: "LONG_V", longV: 4_102_444_800_000 },
                      { key: "doorOpen", type: "BOOLEAN_V", boolV: true },
                      { key: "firmware", type: "STRING_V", stringV: "2.1.0" },
                      { key: "config", type: "JSON_V", jsonV: '{"mode":"eco","level":2}' },
                    ],
                  },
                ],
              },
            },
            // ts 0 is "now", as in ThingsBoard.
            { deviceName: "PB Meter B", msg: { tsKvList: [{ kv: [{ key: "rssi", type: "LONG_V", longV: -71 }] }] } },
          ],
        }),
        { qos: 1 },
      );
      const a = (await subDevice("PB Meter A"))!;
      const b = (await subDevice("PB Meter B"))!;
      expect(await store.latest(h.tenantId, a.id)).toEqual({
        temperature: { ts, value: { type: "DOUBLE", value: 21 } },
        uptime: { ts, value: { type: "LONG", value: 4_102_444_800_000 } },
        doorOpen: { ts, value: { type: "BOOLEAN", value: true } },
        firmware: { ts, value: { type: "STRING", value: "2.1.0" } },
        config: { ts, value: { type: "JSON", value: { mode: "eco", level: 2 } } },
      });
      const rssi = (await store.latest(h.tenantId, b.id)).rssi!;
      expect(rssi.value).toEqual({ type: "LONG", value: -71 });
      expect(Math.abs(rssi.ts - Date.now())).toBeLessThan(60_000);
    } finally {
      await client.endAsync();
    }
  });

  it("GatewayAttributesMsg stores typed client attributes per sub-device", async () => {
    const { client } = await protobufGateway();
    try {
      await client.publishAsync(
        "v1/gateway/attributes",
        encode("GatewayAttributesMsg", {
          msg: [
            {
              deviceName: "PB OPC 1",
              msg: {
                kv: [
                  { key: "serial", type: "STRING_V", stringV: "SN-7" },
                  { key: "slots", type: "LONG_V", longV: 8 },
                  { key: "gain", type: "DOUBLE_V", doubleV: 1.5 },
                ],
              },
            },
          ],
        }),
        { qos: 1 },
      );
      const device = (await subDevice("PB OPC 1"))!;
      const rows = await h.db.system.attribute.findMany({ where: { entityId: device.id }, orderBy: { key: "asc" } });
      expect(rows.map((r) => [r.scope, r.key, fromKvColumns(r)])).toEqual([
        ["CLIENT", "gain", { type: "DOUBLE", value: 1.5 }],
        ["CLIENT", "serial", { type: "STRING", value: "SN-7" }],
        ["CLIENT", "slots", { type: "LONG", value: 8 }],
      ]);
    } finally {
      await client.endAsync();
    }
  });

  it("GatewayAttributesRequestMsg is answered with a GatewayAttributeResponseMsg", async () => {
    const { client } = await protobufGateway();
    try {
      await client.publishAsync("v1/gateway/connect", encode("ConnectMsg", { deviceName: "PB BACnet 9" }), { qos: 1 });
      const device = (await subDevice("PB BACnet 9"))!;
      await h.db.system.attribute.createMany({
        data: [
          {
            tenantId: h.tenantId,
            entityType: "DEVICE",
            entityId: device.id,
            scope: "SHARED",
            key: "setpoint",
            doubleValue: 19.5,
          },
          {
            tenantId: h.tenantId,
            entityType: "DEVICE",
            entityId: device.id,
            scope: "SHARED",
            key: "mode",
            stringValue: "heat",
          },
        ],
      });
      await client.subscribeAsync("v1/gateway/attributes/response", { qos: 1 });
      const response = nextPayload(client, "v1/gateway/attributes/response");
      await client.publishAsync(
        "v1/gateway/attributes/request",
        encode("GatewayAttributesRequestMsg", {
          id: 5,
          deviceName: "PB BACnet 9",
          client: false,
          keys: ["setpoint", "mode"],
        }),
        { qos: 1 },
      );
      const answer = decode("GatewayAttributeResponseMsg", await response) as {
        deviceName: string;
        responseMsg: {
          requestId: number;
          sharedAttributeList: { kv: unknown }[];
          isMultipleAttributesRequest: boolean;
        };
      };
      expect(answer.deviceName).toBe("PB BACnet 9");
      expect(answer.responseMsg.requestId).toBe(5);
      expect(answer.responseMsg.isMultipleAttributesRequest).toBe(true);
      expect(answer.responseMsg.sharedAttributeList.map((a) => a.kv)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: "setpoint", type: "DOUBLE_V", doubleV: 19.5 }),
          expect.objectContaining({ key: "mode", type: "STRING_V", stringV: "heat" }),
        ]),
      );
    } finally {
      await client.endAsync();
    }
  });

  it("shared attributes and server-side RPC reach the gateway as its messages; GatewayRpcResponseMsg answers", async () => {
    const { client } = await protobufGateway();
    try {
      await client.subscribeAsync(["v1/gateway/attributes", "v1/gateway/rpc"], { qos: 1 });
      await client.publishAsync("v1/gateway/connect", encode("ConnectMsg", { deviceName: "PB Valve 3" }), { qos: 1 });
      const device = (await subDevice("PB Valve 3"))!;
      await waitFor(async () => h.ingest.service.deps.bus.isConnectedHere(device.id));

      const update = await pushUntil(
        () =>
          pushSharedAttributes(h.redis, device.id, {
            updated: [{ key: "open", value: { type: "BOOLEAN", value: true } }],
          }),
        nextPayload(client, "v1/gateway/attributes"),
      );
      expect(decode("GatewayAttributeUpdateNotificationMsg", update)).toMatchObject({
        deviceName: "PB Valve 3",
        notificationMsg: { sharedUpdated: [{ kv: { key: "open", type: "BOOLEAN_V", boolV: true } }] },
      });

      const received: unknown[] = [];
      client.on("message", (topic, payload) => {
        if (topic !== "v1/gateway/rpc") return;
        const request = decode("GatewayDeviceRpcRequestMsg", payload) as {
          deviceName: string;
          rpcRequestMsg: { requestId: number; methodName: string; params: string };
        };
        received.push(request);
        const data = JSON.stringify({ done: request.rpcRequestMsg.methodName });
        client.publish(
          "v1/gateway/rpc",
          encode("GatewayRpcResponseMsg", {
            deviceName: request.deviceName,
            id: request.rpcRequestMsg.requestId,
            data,
          }),
          { qos: 1 },
        );
      });
      const { requestId, response } = await callServerRpc(h.db.system, h.redis, subscriber, {
        tenantId: h.tenantId,
        deviceId: device.id,
        method: "close",
        params: { speed: 2 },
        timeoutMs: 15_000,
      });
      expect(received).toMatchObject([
        { deviceName: "PB Valve 3", rpcRequestMsg: { requestId, methodName: "close", params: '{"speed":2}' } },
      ]);
      expect(response).toEqual({ done: "close" });
    } finally {
      await client.endAsync();
    }
  });

  it("MQTT 5: bytes that are not the gateway message get PUBACK 0x99 and create nothing", async () => {
    const { client } = await protobufGateway(5);
    try {
      expect(await publishAck(client, "v1/gateway/telemetry", GARBAGE)).toMatchObject({ reasonCode: 0x99 });
      // The JSON gateway API is not this gateway's either.
      const json = Buffer.from(JSON.stringify({ "PB JSON 1": { t: 1 } }));
      expect(await publishAck(client, "v1/gateway/telemetry", json)).toMatchObject({ reasonCode: 0x99 });
      const badJsonValue = encode("GatewayAttributesMsg", {
        msg: [{ deviceName: "PB Bad 1", msg: { kv: [{ key: "cfg", type: "JSON_V", jsonV: "{not json" }] } }],
      });
      expect(await publishAck(client, "v1/gateway/attributes", badJsonValue)).toMatchObject({ reasonCode: 0x99 });
      expect(await subDevice("PB JSON 1")).toBeNull();
      expect(await subDevice("PB Bad 1")).toBeNull();
      const ok = encode("ConnectMsg", { deviceName: "PB After 1" });
      expect(await publishAck(client, "v1/gateway/connect", ok)).toMatchObject({ reasonCode: 0 });
    } finally {
      await client.endAsync();
    }
  });

  it("MQTT 3.1.1: a gateway message that does not decode closes the connection", async () => {
    const { client } = await protobufGateway();
    client.on("error", () => undefined);
    client.publish("v1/gateway/connect", GARBAGE, { qos: 1 });
    await closed(client);
    client.end(true);
  });
});

describe("PROTOBUF client-side RPC", () => {
  it("an RpcRequest reaches the rule engine with its params and the answer comes back as ToServerRpcResponseMsg", async () => {
    const { device, accessToken } = await protobufDevice(false);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    try {
      await client.subscribeAsync("v1/devices/me/rpc/response/+", { qos: 1 });
      const response = nextPayload(client, "v1/devices/me/rpc/response/7");
      await client.publishAsync(
        "v1/devices/me/rpc/request/7",
        encode("RpcRequest", { method: "readPin", params: '{"pin":4}' }),
        { qos: 1 },
      );
      const request = await waitFor(async () => {
        const entries = await h.redis.xrange(ruleEngineStream(partitionOf(device.id)), "-", "+");
        return entries
          .flatMap(([, fields]) => readRuleEngineEntry(fields) as Record<string, unknown>[])
          .find((m) => m.deviceId === device.id && m.type === "TO_SERVER_RPC_REQUEST");
      });
      expect(request).toMatchObject({ requestId: 7, method: "readPin", params: { pin: 4 } });
      await answerClientRpc(h.redis, device.id, 7, { value: 1 });
      expect(decode("ToServerRpcResponseMsg", await response)).toEqual({
        requestId: 7,
        payload: '{"value":1}',
        error: "",
      });
    } finally {
      await client.endAsync();
    }
  });

  it("getSessionLimits is answered by the transport as a ToServerRpcResponseMsg", async () => {
    const { accessToken } = await protobufDevice(false);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    try {
      await client.subscribeAsync("v1/devices/me/rpc/response/+", { qos: 1 });
      const response = nextPayload(client, "v1/devices/me/rpc/response/3");
      await client.publishAsync("v1/devices/me/rpc/request/3", encode("RpcRequest", { method: "getSessionLimits" }), {
        qos: 1,
      });
      const answer = decode("ToServerRpcResponseMsg", await response) as { requestId: number; payload: string };
      expect(answer.requestId).toBe(3);
      expect(JSON.parse(answer.payload)).toMatchObject({ maxPayloadSize: expect.any(Number) });
    } finally {
      await client.endAsync();
    }
  });

  it("MQTT 5: an RPC request that is not an RpcRequest message gets PUBACK 0x99", async () => {
    const { accessToken } = await protobufDevice(false);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken, protocolVersion: 5 });
    try {
      expect(await publishAck(client, "v1/devices/me/rpc/request/1", GARBAGE)).toMatchObject({ reasonCode: 0x99 });
    } finally {
      await client.endAsync();
    }
  });
});

describe("PROTOBUF device attributes", () => {
  it("an AttributesRequest is answered with a GetAttributeResponseMsg of typed values", async () => {
    const { device, accessToken } = await protobufDevice(false);
    const attribute = { tenantId: h.tenantId, entityType: "DEVICE" as const, entityId: device.id };
    await h.db.system.attribute.createMany({
      data: [
        { ...attribute, scope: "CLIENT", key: "serial", stringValue: "SN-9" },
        { ...attribute, scope: "SHARED", key: "setpoint", doubleValue: 19.5 },
        { ...attribute, scope: "SHARED", key: "slots", longValue: 4 },
      ],
    });
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    try {
      await client.subscribeAsync("v1/devices/me/attributes/response/+", { qos: 1 });
      const response = nextPayload(client, "v1/devices/me/attributes/response/4");
      await client.publishAsync(
        "v1/devices/me/attributes/request/4",
        encode("AttributesRequest", { clientKeys: "serial", sharedKeys: "setpoint,slots" }),
        { qos: 1 },
      );
      const answer = decode("GetAttributeResponseMsg", await response) as {
        requestId: number;
        clientAttributeList: { kv: unknown }[];
        sharedAttributeList: { kv: unknown }[];
      };
      expect(answer.requestId).toBe(4);
      expect(answer.clientAttributeList.map((a) => a.kv)).toEqual([
        expect.objectContaining({ key: "serial", type: "STRING_V", stringV: "SN-9" }),
      ]);
      expect(answer.sharedAttributeList.map((a) => a.kv)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: "setpoint", type: "DOUBLE_V", doubleV: 19.5 }),
          expect.objectContaining({ key: "slots", type: "LONG_V", longV: 4 }),
        ]),
      );
      expect(answer.sharedAttributeList).toHaveLength(2);
    } finally {
      await client.endAsync();
    }
  });

  it("shared attribute changes reach the device as an AttributeUpdateNotificationMsg", async () => {
    const { device, accessToken } = await protobufDevice(false);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    try {
      await client.subscribeAsync("v1/devices/me/attributes", { qos: 1 });
      await waitFor(async () => h.ingest.service.deps.bus.isConnectedHere(device.id));
      const update = await pushUntil(
        () =>
          pushSharedAttributes(h.redis, device.id, { updated: [{ key: "limit", value: { type: "LONG", value: 80 } }] }),
        nextPayload(client, "v1/devices/me/attributes"),
      );
      expect(decode("AttributeUpdateNotificationMsg", update)).toMatchObject({
        sharedUpdated: [{ kv: { key: "limit", type: "LONG_V", longV: 80 } }],
      });
    } finally {
      await client.endAsync();
    }
  });
});
