import { describe, expect, it } from "vitest";
import { parseAttributes, parseGatewayAttributes, parseGatewayClaim, parseGatewayTelemetry } from "../src/index.ts";
import { parseRpcRequest } from "../src/rpc.ts";
import { TB_MESSAGES } from "../src/thingsboard-messages.ts";
import { decodeThingsBoardUplink } from "../src/thingsboard-uplink.ts";
import { encodeGatewayAttributeUpdate, encodeGatewayRpcRequest } from "../src/thingsboard-downlink.ts";

const NOW = 1_700_000_000_000;
const MAX = 65_536;
const encode = (type: keyof typeof TB_MESSAGES, value: Record<string, unknown>) =>
  TB_MESSAGES[type].encode(TB_MESSAGES[type].fromObject(value)).finish();
const decode = (type: keyof typeof TB_MESSAGES, bytes: Uint8Array) =>
  TB_MESSAGES[type].toObject(TB_MESSAGES[type].decode(bytes), { longs: Number, enums: String });

describe("ThingsBoard's protobuf messages", () => {
  it("keeps every entry of a sub-device named twice in one GatewayTelemetryMsg", () => {
    const bytes = encode("gatewayTelemetry", {
      msg: [
        { deviceName: "A", msg: { tsKvList: [{ ts: NOW - 2, kv: [{ key: "t", type: "LONG_V", long_v: 1 }] }] } },
        { deviceName: "B", msg: { tsKvList: [{ ts: NOW - 1, kv: [{ key: "t", type: "LONG_V", long_v: 9 }] }] } },
        { deviceName: "A", msg: { tsKvList: [{ ts: NOW - 1, kv: [{ key: "t", type: "LONG_V", long_v: 2 }] }] } },
      ],
    });
    const perDevice = parseGatewayTelemetry(decodeThingsBoardUplink("gatewayTelemetry", bytes, MAX), NOW);
    expect(perDevice.map(({ device, points }) => [device, points.map((p) => [p.ts, p.value.value])])).toEqual([
      [
        "A",
        [
          [NOW - 2, 1],
          [NOW - 1, 2],
        ],
      ],
      ["B", [[NOW - 1, 9]]],
    ]);
  });

  it("merges a sub-device's attributes named twice, and a key named __proto__ is a value like any other", () => {
    const bytes = encode("gatewayAttributes", {
      msg: [
        { deviceName: "A", msg: { kv: [{ key: "fw", type: "STRING_V", string_v: "1.0" }] } },
        { deviceName: "A", msg: { kv: [{ key: "__proto__", type: "BOOLEAN_V", bool_v: true }] } },
      ],
    });
    const [a] = parseGatewayAttributes(decodeThingsBoardUplink("gatewayAttributes", bytes, MAX));
    expect(a!.device).toBe("A");
    expect(a!.attributes).toEqual([
      { key: "fw", value: { type: "STRING", value: "1.0" } },
      { key: "__proto__", value: { type: "BOOLEAN", value: true } },
    ]);
    expect(Object.getPrototypeOf(a!.payload)).toBe(Object.prototype);
  });

  it("types a whole DOUBLE_V as DOUBLE and a JSON_V as JSON", () => {
    const bytes = encode("gatewayAttributes", {
      msg: [
        {
          deviceName: "A",
          msg: {
            kv: [
              { key: "gain", type: "DOUBLE_V", double_v: 2 },
              { key: "cfg", type: "JSON_V", json_v: '{"a":[1,2]}' },
            ],
          },
        },
      ],
    });
    const [a] = parseGatewayAttributes(decodeThingsBoardUplink("gatewayAttributes", bytes, MAX));
    expect(parseAttributes(a!.payload)).toEqual([
      { key: "gain", value: { type: "DOUBLE", value: 2 } },
      { key: "cfg", value: { type: "JSON", value: { a: [1, 2] } } },
    ]);
  });

  it("reads RpcRequest params as JSON when they are, as text when not, and absent when empty", () => {
    const rpc = (params?: string) =>
      parseRpcRequest(decodeThingsBoardUplink("rpcRequest", encode("rpcRequest", { method: "m", params }), MAX));
    expect(rpc('{"pin":4}')).toEqual({ method: "m", params: { pin: 4 } });
    expect(rpc("pin 4")).toEqual({ method: "m", params: "pin 4" });
    expect(rpc()).toEqual({ method: "m" });
    // No method is not an RPC.
    expect(() =>
      parseRpcRequest(decodeThingsBoardUplink("rpcRequest", encode("rpcRequest", { params: "1" }), MAX)),
    ).toThrow(/method/);
  });

  it("a GatewayClaimMsg without a duration claims for the default time", () => {
    const bytes = encode("gatewayClaim", {
      msg: [
        { deviceName: "A", claimRequest: { secretKey: "k", durationMs: 60_000 } },
        { deviceName: "B", claimRequest: { secretKey: "j" } },
      ],
    });
    expect(parseGatewayClaim(decodeThingsBoardUplink("gatewayClaim", bytes, MAX))).toEqual([
      { device: "A", claim: { secretKey: "k", durationMs: 60_000 } },
      { device: "B", claim: { secretKey: "j" } },
    ]);
  });

  it("refuses bytes that are not the message, a JSON_V that is not JSON, and a payload over the limit", () => {
    expect(() => decodeThingsBoardUplink("gatewayConnect", Uint8Array.from([0x0f, 0xff]), MAX)).toThrow(
      /not a valid transportapi.ConnectMsg message/,
    );
    const badJson = encode("gatewayAttributes", {
      msg: [{ deviceName: "A", msg: { kv: [{ key: "cfg", type: "JSON_V", json_v: "{" }] } }],
    });
    expect(() => decodeThingsBoardUplink("gatewayAttributes", badJson, MAX)).toThrow(/"cfg" is JSON_V but not JSON/);
    const connect = encode("connect", { deviceName: "A".repeat(100) });
    expect(() => decodeThingsBoardUplink("gatewayConnect", connect, 50)).toThrow(
      expect.objectContaining({ code: "PAYLOAD_TOO_LARGE" }),
    );
  });

  it("encodes shared-attribute deletions and a sub-device's RPC as the gateway reads them", () => {
    expect(decode("gatewayAttributeUpdate", encodeGatewayAttributeUpdate("A", { deleted: ["mode"] }, NOW))).toEqual({
      deviceName: "A",
      notificationMsg: { sharedDeleted: ["mode"] },
    });
    const rpc = encodeGatewayRpcRequest("A", {
      requestId: 3,
      method: "set",
      params: { on: true },
      expirationTime: NOW,
      oneway: true,
    });
    expect(decode("gatewayRpcRequest", rpc)).toEqual({
      deviceName: "A",
      rpcRequestMsg: { requestId: 3, methodName: "set", params: '{"on":true}', expirationTime: NOW, oneway: true },
    });
  });
});
