import { TB_MESSAGES } from "./thingsboard-messages.ts";
import type { AttributeValues } from "./attributes.ts";
import type { KeyValue } from "./values.ts";

/** A KeyValueProto: the type and the one value field it names (JSON as its text). */
function keyValueProto({ key, value }: KeyValue) {
  switch (value.type) {
    case "BOOLEAN":
      return { key, type: "BOOLEAN_V", bool_v: value.value };
    case "LONG":
      return { key, type: "LONG_V", long_v: value.value };
    case "DOUBLE":
      return { key, type: "DOUBLE_V", double_v: value.value };
    case "STRING":
      return { key, type: "STRING_V", string_v: value.value };
    case "JSON":
      return { key, type: "JSON_V", json_v: JSON.stringify(value.value) };
  }
}

const tsKv = (ts: number) => (entry: KeyValue) => ({ ts, kv: keyValueProto(entry) });

function encode(type: (typeof TB_MESSAGES)[keyof typeof TB_MESSAGES], object: Record<string, unknown>): Buffer {
  return Buffer.from(type.encode(type.fromObject(object)).finish());
}

/**
 * The answer to a client-side RPC (ToServerRpcResponseMsg): the rule engine's answer as JSON
 * text in `payload`, as ThingsBoard sends it.
 */
export function encodeClientRpcResponse(requestId: number, response: unknown): Buffer {
  return encode(TB_MESSAGES.rpcResponse, { requestId, payload: JSON.stringify(response) });
}

/**
 * The answer to a gateway's attribute request (GatewayAttributeResponseMsg). We keep no
 * per-attribute update time for this read, so each TsKvProto's `ts` is the time of the answer.
 */
export function encodeGatewayAttributeResponse(answer: {
  id: number;
  device: string;
  client: boolean;
  keys: string[];
  values: KeyValue[];
}): Buffer {
  const list = answer.values.map(tsKv(Date.now()));
  return encode(TB_MESSAGES.gatewayAttributeResponse, {
    deviceName: answer.device,
    responseMsg: {
      requestId: answer.id,
      [answer.client ? "clientAttributeList" : "sharedAttributeList"]: list,
      isMultipleAttributesRequest: answer.keys.length > 1,
    },
  });
}

type SharedAttributeChange = { updated?: KeyValue[]; deleted?: string[] };

/** An AttributeUpdateNotificationMsg's fields; `ts` is when the change reached the device. */
const notification = (update: SharedAttributeChange, ts: number) => ({
  sharedUpdated: (update.updated ?? []).map(tsKv(ts)),
  sharedDeleted: update.deleted ?? [],
});

/** Shared attributes changed for a device (AttributeUpdateNotificationMsg on v1/devices/me/attributes). */
export function encodeAttributeUpdate(update: SharedAttributeChange, ts = Date.now()): Buffer {
  return encode(TB_MESSAGES.attributeUpdate, notification(update, ts));
}

/** Shared attributes changed for a sub-device (GatewayAttributeUpdateNotificationMsg). */
export function encodeGatewayAttributeUpdate(device: string, update: SharedAttributeChange, ts = Date.now()): Buffer {
  return encode(TB_MESSAGES.gatewayAttributeUpdate, { deviceName: device, notificationMsg: notification(update, ts) });
}

/**
 * The answer to a device's attribute request (GetAttributeResponseMsg). As for a gateway, each
 * TsKvProto's `ts` is the time of the answer.
 */
export function encodeAttributeResponse(requestId: number, values: AttributeValues): Buffer {
  const ts = Date.now();
  return encode(TB_MESSAGES.attributesResponse, {
    requestId,
    clientAttributeList: values.client.map(tsKv(ts)),
    sharedAttributeList: values.shared.map(tsKv(ts)),
  });
}

/** A server-side RPC for a sub-device (GatewayDeviceRpcRequestMsg), its params as JSON text. */
export function encodeGatewayRpcRequest(
  device: string,
  rpc: { requestId: number; method: string; params: unknown; expirationTime: number; oneway?: boolean },
): Buffer {
  return encode(TB_MESSAGES.gatewayRpcRequest, {
    deviceName: device,
    rpcRequestMsg: {
      requestId: rpc.requestId,
      methodName: rpc.method,
      params: JSON.stringify(rpc.params ?? {}),
      expirationTime: rpc.expirationTime,
      oneway: rpc.oneway ?? false,
    },
  });
}
