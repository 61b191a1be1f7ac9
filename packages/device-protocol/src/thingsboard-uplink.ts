import { DeviceProtocolError, invalidPayload } from "./errors.ts";
import { decodeJsonPayload, markWholeDouble } from "./json.ts";
import { TB_MESSAGES, type KeyValueProtoObject, type ThingsBoardMessage } from "./thingsboard-messages.ts";
import type { DevicePublish } from "./topics.ts";

/** 64-bit integers as exact decimal text, enums by name, unset fields at their proto3 defaults. */
const TO_OBJECT = { longs: String, enums: String, defaults: true, arrays: true } as const;

/** The topics a PROTOBUF profile's device sends one of ThingsBoard's fixed messages on. */
export const THINGSBOARD_PROTO_UPLINKS = [
  "attributesRequest",
  "rpcRequest",
  "claim",
  "gatewayConnect",
  "gatewayDisconnect",
  "gatewayTelemetry",
  "gatewayAttributes",
  "gatewayAttributesRequest",
  "gatewayRpc",
  "gatewayClaim",
] as const satisfies readonly DevicePublish["kind"][];
export type ThingsBoardProtoUplink = (typeof THINGSBOARD_PROTO_UPLINKS)[number];

const UPLINK_SET = new Set<string>(THINGSBOARD_PROTO_UPLINKS);
export function isThingsBoardProtoUplink(kind: string): kind is ThingsBoardProtoUplink {
  return UPLINK_SET.has(kind);
}

const MESSAGE_OF: Record<ThingsBoardProtoUplink, ThingsBoardMessage> = {
  attributesRequest: "attributesRequest",
  rpcRequest: "rpcRequest",
  claim: "claim",
  gatewayConnect: "connect",
  gatewayDisconnect: "disconnect",
  gatewayTelemetry: "gatewayTelemetry",
  gatewayAttributes: "gatewayAttributes",
  gatewayAttributesRequest: "gatewayAttributesRequest",
  gatewayRpc: "gatewayRpcResponse",
  gatewayClaim: "gatewayClaim",
};

type Json = Record<string, unknown>;

/** `holder[key] = value` as an own property, so a device naming a key `__proto__` sets a value, not a prototype. */
function setOwn(holder: Json, key: string, value: unknown) {
  Object.defineProperty(holder, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A string field ThingsBoard reads as JSON (RPC params and answers): its value, or the text itself when it is not JSON. */
function jsonOrText(text: string, maxBytes: number): unknown {
  if (text === "") return undefined;
  try {
    return decodeJsonPayload(text, maxBytes);
  } catch (error) {
    if (error instanceof DeviceProtocolError && error.code === "INVALID_JSON") return text;
    throw error;
  }
}

/** One KeyValueProto into `values`, typed as its `type` says (a whole DOUBLE_V stays DOUBLE). */
function putKeyValue(values: Json, kv: KeyValueProtoObject, maxBytes: number) {
  switch (kv.type) {
    case "BOOLEAN_V":
      return setOwn(values, kv.key, kv.bool_v);
    case "LONG_V":
      return setOwn(values, kv.key, Number(kv.long_v));
    case "DOUBLE_V":
      setOwn(values, kv.key, kv.double_v);
      if (Number.isInteger(kv.double_v)) markWholeDouble(values, kv.key);
      return;
    case "STRING_V":
      return setOwn(values, kv.key, kv.string_v);
    case "JSON_V":
      try {
        return setOwn(values, kv.key, decodeJsonPayload(kv.json_v, maxBytes));
      } catch (error) {
        throw invalidPayload(`value of "${kv.key}" is JSON_V but not JSON: ${(error as Error).message}`);
      }
    default:
      throw invalidPayload(`value of "${kv.key}" has unknown KeyValueType ${String(kv.type)}`);
  }
}

function keyValues(kvs: KeyValueProtoObject[], maxBytes: number, into: Json = {}): Json {
  for (const kv of kvs) putKeyValue(into, kv, maxBytes);
  return into;
}

type TsKvList = { ts: string; kv: KeyValueProtoObject[] };

/** One PostTelemetryMsg as telemetry JSON: `{ts, values}` entries, ts 0 meaning "when received" as in ThingsBoard. */
function telemetryEntries(lists: TsKvList[], maxBytes: number): Json[] {
  return lists.map(({ ts, kv }) => {
    const values = keyValues(kv, maxBytes);
    return ts === "0" ? values : { ts: Number(ts), values };
  });
}

/** What each message becomes: the JSON body a JSON device sends on the same topic. */
const TO_JSON: Record<ThingsBoardProtoUplink, (message: Json, maxBytes: number) => unknown> = {
  // Comma-separated keys; an empty string is an unset field (both unset: every attribute).
  attributesRequest: (m) => ({
    clientKeys: (m.clientKeys as string) || undefined,
    sharedKeys: (m.sharedKeys as string) || undefined,
  }),
  rpcRequest: (m, maxBytes) => ({ method: m.method, params: jsonOrText(m.params as string, maxBytes) }),
  claim: (m) => claimJson(m),
  gatewayConnect: (m) => ({ device: m.deviceName, type: (m.deviceType as string) || undefined }),
  gatewayDisconnect: (m) => ({ device: m.deviceName }),
  gatewayTelemetry: (m, maxBytes) => {
    const byDevice: Json = {};
    for (const { deviceName, msg } of m.msg as { deviceName: string; msg: { tsKvList: TsKvList[] } | null }[]) {
      const entries = telemetryEntries(msg?.tsKvList ?? [], maxBytes);
      // A device named twice in one message keeps every entry, in order.
      const earlier = Object.hasOwn(byDevice, deviceName) ? (byDevice[deviceName] as Json[]) : [];
      setOwn(byDevice, deviceName, [...earlier, ...entries]);
    }
    return byDevice;
  },
  gatewayAttributes: (m, maxBytes) => {
    const byDevice: Json = {};
    for (const { deviceName, msg } of m.msg as { deviceName: string; msg: { kv: KeyValueProtoObject[] } | null }[]) {
      const earlier = Object.hasOwn(byDevice, deviceName) ? (byDevice[deviceName] as Json) : {};
      setOwn(byDevice, deviceName, keyValues(msg?.kv ?? [], maxBytes, earlier));
    }
    return byDevice;
  },
  gatewayAttributesRequest: (m) => ({ id: m.id, device: m.deviceName, client: m.client, keys: m.keys }),
  gatewayRpc: (m, maxBytes) => ({ device: m.deviceName, id: m.id, data: jsonOrText(m.data as string, maxBytes) }),
  gatewayClaim: (m) => {
    const byDevice: Json = {};
    for (const { deviceName, claimRequest } of m.msg as { deviceName: string; claimRequest: Json | null }[])
      setOwn(byDevice, deviceName, claimJson(claimRequest ?? {}));
    return byDevice;
  },
};

function claimJson(claim: Json) {
  const durationMs = Number(claim.durationMs ?? 0);
  // 0 is proto3's "unset": the claim then lasts the default time, as a JSON claim without one.
  return { secretKey: claim.secretKey ?? "", ...(durationMs > 0 ? { durationMs } : {}) };
}

/**
 * Decodes a PROTOBUF profile's device message on a topic ThingsBoard gives a fixed message
 * (transport.proto's gateway messages, RpcRequest, AttributesRequest, ClaimDevice) into the JSON a JSON device
 * sends there, so the same parsers check it and the same code acts on it. Bytes that are not
 * that message are refused as an invalid payload.
 */
export function decodeThingsBoardUplink(kind: ThingsBoardProtoUplink, payload: Uint8Array, maxBytes: number): unknown {
  if (payload.byteLength > maxBytes)
    throw new DeviceProtocolError(
      "PAYLOAD_TOO_LARGE",
      `payload is ${payload.byteLength} bytes; the limit is ${maxBytes}`,
    );
  const type = TB_MESSAGES[MESSAGE_OF[kind]];
  let message: Json;
  try {
    message = type.toObject(type.decode(payload), TO_OBJECT);
  } catch (error) {
    throw invalidPayload(`payload is not a valid ${type.fullName.slice(1)} message: ${(error as Error).message}`);
  }
  return TO_JSON[kind](message, maxBytes);
}
