import { describe, expect, it } from "vitest";
import { parseAttributes, parseTelemetry, readPayloadTransportConfig } from "../src/index.ts";
import { decodeProtoPayload } from "../src/protobuf-decode.ts";
import { encodeProtoMessage } from "../src/protobuf-encode.ts";
import { compilePayloadSchemas, compileProtoMessage, ProtoSchemaError } from "../src/protobuf-schema.ts";

const NOW = 1_700_000_000_000;

// ThingsBoard's default telemetry schema, with the other scalar types a device uses beside it.
const TELEMETRY = `
syntax = "proto3";
package telemetry;

message SensorDataReading {
  optional double temperature = 1;
  optional double humidity = 2;
  InnerObject inner_object = 3;
  int64 uptime_ms = 4;
  int32 rssi = 5;
  float voltage = 6;
  bool door_open = 7;
  string firmware = 8;
  Mode mode = 9;
  enum Mode { IDLE = 0; RUNNING = 1; }
  message InnerObject {
    optional string key1 = 1;
    optional bool key2 = 2;
  }
}`;

function typeOf(points: ReturnType<typeof parseTelemetry>, key: string) {
  return points.find((p) => p.key === key)?.value;
}

describe("protobuf payloads", () => {
  it("decodes a telemetry message into typed key/values like JSON's", () => {
    const type = compileProtoMessage(TELEMETRY);
    expect(type.fullName).toBe(".telemetry.SensorDataReading");
    const bytes = type
      .encode(
        type.fromObject({
          temperature: 20,
          humidity: 41.5,
          innerObject: { key1: "a", key2: true },
          uptimeMs: "9007199254740000",
          rssi: -70,
          voltage: 3.3,
          doorOpen: false,
          firmware: "1.2.0",
          mode: 1,
        }),
      )
      .finish();
    const { json, text } = decodeProtoPayload(type, bytes, 1024);
    expect(JSON.parse(text)).toMatchObject({ temperature: 20, firmware: "1.2.0", mode: "RUNNING" });
    const points = parseTelemetry(json, NOW);
    expect(typeOf(points, "temperature")).toEqual({ type: "DOUBLE", value: 20 });
    expect(typeOf(points, "humidity")).toEqual({ type: "DOUBLE", value: 41.5 });
    expect(typeOf(points, "uptimeMs")).toEqual({ type: "LONG", value: 9007199254740000 });
    expect(typeOf(points, "rssi")).toEqual({ type: "LONG", value: -70 });
    expect(typeOf(points, "voltage")).toEqual({ type: "DOUBLE", value: 3.3 });
    expect(typeOf(points, "doorOpen")).toEqual({ type: "BOOLEAN", value: false });
    expect(typeOf(points, "firmware")).toEqual({ type: "STRING", value: "1.2.0" });
    expect(typeOf(points, "innerObject")).toEqual({ type: "JSON", value: { key1: "a", key2: true } });
  });

  it("leaves out optional fields the device did not set, and keeps proto3 defaults of the others", () => {
    const type = compileProtoMessage(TELEMETRY);
    const { json } = decodeProtoPayload(type, type.encode(type.fromObject({ rssi: 5 })).finish(), 1024);
    expect(json).toEqual({ uptimeMs: 0, rssi: 5, voltage: 0, doorOpen: false, firmware: "", mode: "IDLE" });
  });

  it("reads {ts, values} messages as timestamped telemetry", () => {
    const type = compileProtoMessage(
      `syntax = "proto3"; message Values { double t = 1; } message Reading { int64 ts = 1; Values values = 2; }`,
    );
    const bytes = type.encode(type.fromObject({ ts: 1_600_000_000_000, values: { t: 1.25 } })).finish();
    expect(parseTelemetry(decodeProtoPayload(type, bytes, 1024).json, NOW)).toEqual([
      { ts: 1_600_000_000_000, key: "t", value: { type: "DOUBLE", value: 1.25 } },
    ]);
  });

  it("refuses bytes that are not the message as an invalid payload, and oversized ones", () => {
    const type = compileProtoMessage(TELEMETRY);
    expect(() => decodeProtoPayload(type, Buffer.from([0xff, 0xff, 0xff]), 1024)).toThrow(
      expect.objectContaining({ code: "INVALID_PAYLOAD" }),
    );
    expect(() => decodeProtoPayload(type, Buffer.alloc(2000), 1024)).toThrow(
      expect.objectContaining({ code: "PAYLOAD_TOO_LARGE" }),
    );
  });

  it("refuses a recursive message nested deeper than a JSON payload may be", () => {
    const type = compileProtoMessage(`syntax = "proto3"; message Node { Node child = 1; int32 v = 2; }`);
    const nested = (depth: number): Record<string, unknown> => (depth === 0 ? { v: 1 } : { child: nested(depth - 1) });
    const bytes = (depth: number) => type.encode(type.fromObject(nested(depth))).finish();
    expect(decodeProtoPayload(type, bytes(10), 4096).text).toContain('"v":1');
    expect(() => decodeProtoPayload(type, bytes(100), 4096)).toThrow(
      expect.objectContaining({ code: "INVALID_PAYLOAD" }),
    );
  });

  it("decodes attributes with the attributes schema", () => {
    const type = compileProtoMessage(`syntax = "proto3"; message Attrs { string serial = 1; int32 model = 2; }`);
    const bytes = type.encode(type.fromObject({ serial: "SN-1", model: 7 })).finish();
    expect(parseAttributes(decodeProtoPayload(type, bytes, 1024).json)).toEqual([
      { key: "serial", value: { type: "STRING", value: "SN-1" } },
      { key: "model", value: { type: "LONG", value: 7 } },
    ]);
  });
});

describe("profile payload schemas", () => {
  it("answers the compiler's message for each schema that does not compile", () => {
    const result = compilePayloadSchemas({
      payloadType: "PROTOBUF",
      telemetryProto: `syntax = "proto3"; message A { double t = 1 }`,
      attributesProto: `syntax = "proto3"; message B { Missing m = 1; }`,
      rpcRequestProto: `syntax = "proto3"; message C { int32 a = 1; }`,
      rpcRequestMessage: "D",
    });
    expect(result).toEqual({
      ok: false,
      issues: [
        { field: "telemetryProto", message: "illegal token '}', ';' expected (line 1)" },
        { field: "attributesProto", message: "no such Type or Enum 'Missing' in Type .B" },
        { field: "rpcRequestMessage", message: "the schema declares no message D" },
      ],
    });
  });

  it("refuses imports and schemas without a message", () => {
    expect(() => compileProtoMessage(`syntax = "proto3"; import "x.proto"; message A {}`)).toThrow(ProtoSchemaError);
    expect(() => compileProtoMessage(`syntax = "proto3";`)).toThrow("the schema declares no message");
  });

  it("takes the named message, or the last top-level one", () => {
    const schema = `syntax = "proto3"; package p; message A { int32 a = 1; } message B { int32 b = 1; }`;
    expect(compileProtoMessage(schema).name).toBe("B");
    expect(compileProtoMessage(schema, "p.A").name).toBe("A");
  });

  it("reads a stored transportConfig, taking anything unreadable as JSON", () => {
    expect(readPayloadTransportConfig({})).toEqual({ payloadType: "JSON" });
    expect(readPayloadTransportConfig({ payloadType: "XML" })).toEqual({ payloadType: "JSON" });
    expect(readPayloadTransportConfig({ payloadType: "PROTOBUF", telemetryProto: "x", other: 1 })).toEqual({
      payloadType: "PROTOBUF",
      telemetryProto: "x",
    });
  });
});

// ThingsBoard's default RPC request schema.
const RPC_REQUEST = `syntax = "proto3";
package rpc;
message RpcRequestMsg {
  optional string method = 1;
  optional int32 requestId = 2;
  optional string params = 3;
}`;

describe("server → device protobuf messages", () => {
  it("encodes an RPC request with object params as their JSON text, ignoring undeclared fields", () => {
    const type = compileProtoMessage(RPC_REQUEST);
    const bytes = encodeProtoMessage(type, { method: "setGpio", requestId: 7, params: { pin: 4, on: true }, x: 1 });
    expect(type.toObject(type.decode(bytes))).toEqual({
      method: "setGpio",
      requestId: 7,
      params: '{"pin":4,"on":true}',
    });
  });

  it("refuses a value the field cannot hold", () => {
    const type = compileProtoMessage(`syntax = "proto3"; message M { int32 n = 1; }`);
    expect(() => encodeProtoMessage(type, { n: "many" })).toThrow(expect.objectContaining({ code: "INVALID_PAYLOAD" }));
  });
});
