import { isFirmwareSubscription, parseFirmwareRequestTopic, type FirmwareChunkRequest } from "./firmware.ts";

/** ThingsBoard's device MQTT topics (v1 long form and the v2 short aliases). */
export const DEVICE_TOPICS = {
  telemetry: "v1/devices/me/telemetry",
  attributes: "v1/devices/me/attributes",
  attributesRequest: "v1/devices/me/attributes/request/",
  attributesResponse: "v1/devices/me/attributes/response/",
  rpcRequest: "v1/devices/me/rpc/request/",
  rpcResponse: "v1/devices/me/rpc/response/",
  claim: "v1/devices/me/claim",
  provisionRequest: "/provision/request",
  provisionResponse: "/provision/response",
} as const;

export const SHORT_DEVICE_TOPICS = {
  telemetry: "v2/t",
  attributes: "v2/a",
  attributesRequest: "v2/a/req/",
  attributesResponse: "v2/a/res/",
  rpcRequest: "v2/r/req/",
  rpcResponse: "v2/r/res/",
} as const;

export const GATEWAY_TOPICS = {
  connect: "v1/gateway/connect",
  disconnect: "v1/gateway/disconnect",
  telemetry: "v1/gateway/telemetry",
  attributes: "v1/gateway/attributes",
  attributesRequest: "v1/gateway/attributes/request",
  attributesResponse: "v1/gateway/attributes/response",
  rpc: "v1/gateway/rpc",
  claim: "v1/gateway/claim",
} as const;

/** What a device's PUBLISH means, decided from its topic alone. */
export type DevicePublish =
  | { kind: "telemetry" }
  | { kind: "attributes" }
  | { kind: "attributesRequest"; requestId: number; short: boolean }
  | { kind: "rpcResponse"; requestId: number }
  | { kind: "rpcRequest"; requestId: number; short: boolean }
  | { kind: "claim" }
  | { kind: "provisionRequest" }
  | { kind: "gatewayConnect" }
  | { kind: "gatewayDisconnect" }
  | { kind: "gatewayTelemetry" }
  | { kind: "gatewayAttributes" }
  | { kind: "gatewayAttributesRequest" }
  | { kind: "gatewayRpc" }
  | { kind: "gatewayClaim" }
  | FirmwareChunkRequest;

const EXACT: Record<string, DevicePublish> = {
  [DEVICE_TOPICS.telemetry]: { kind: "telemetry" },
  [SHORT_DEVICE_TOPICS.telemetry]: { kind: "telemetry" },
  [DEVICE_TOPICS.attributes]: { kind: "attributes" },
  [SHORT_DEVICE_TOPICS.attributes]: { kind: "attributes" },
  [DEVICE_TOPICS.claim]: { kind: "claim" },
  [DEVICE_TOPICS.provisionRequest]: { kind: "provisionRequest" },
  "/provision": { kind: "provisionRequest" },
};

const GATEWAY_EXACT: Record<string, DevicePublish> = {
  [GATEWAY_TOPICS.connect]: { kind: "gatewayConnect" },
  [GATEWAY_TOPICS.disconnect]: { kind: "gatewayDisconnect" },
  [GATEWAY_TOPICS.telemetry]: { kind: "gatewayTelemetry" },
  [GATEWAY_TOPICS.attributes]: { kind: "gatewayAttributes" },
  [GATEWAY_TOPICS.attributesRequest]: { kind: "gatewayAttributesRequest" },
  [GATEWAY_TOPICS.rpc]: { kind: "gatewayRpc" },
  [GATEWAY_TOPICS.claim]: { kind: "gatewayClaim" },
};

function requestIdAfter(topic: string, prefix: string): number | null {
  if (!topic.startsWith(prefix)) return null;
  const rest = topic.slice(prefix.length);
  if (!/^\d{1,9}$/.test(rest)) return null;
  return Number(rest);
}

/**
 * Classifies a PUBLISH topic. Returns null for any topic the device may not use (another
 * device's topic, a gateway topic from a plain device, anything unknown), which the transport
 * refuses; there is no topic through which a device can name another tenant or device.
 */
export function classifyPublishTopic(topic: string, opts: { gateway: boolean }): DevicePublish | null {
  const exact = EXACT[topic];
  if (exact) return exact;
  if (opts.gateway) {
    const gatewayTopic = GATEWAY_EXACT[topic];
    if (gatewayTopic) return gatewayTopic;
  }
  const attrRequest = requestIdAfter(topic, DEVICE_TOPICS.attributesRequest);
  if (attrRequest !== null) return { kind: "attributesRequest", requestId: attrRequest, short: false };
  const shortAttrRequest = requestIdAfter(topic, SHORT_DEVICE_TOPICS.attributesRequest);
  if (shortAttrRequest !== null) return { kind: "attributesRequest", requestId: shortAttrRequest, short: true };
  const rpcResponse =
    requestIdAfter(topic, DEVICE_TOPICS.rpcResponse) ?? requestIdAfter(topic, SHORT_DEVICE_TOPICS.rpcResponse);
  if (rpcResponse !== null) return { kind: "rpcResponse", requestId: rpcResponse };
  const rpcRequest = requestIdAfter(topic, DEVICE_TOPICS.rpcRequest);
  if (rpcRequest !== null) return { kind: "rpcRequest", requestId: rpcRequest, short: false };
  const shortRpcRequest = requestIdAfter(topic, SHORT_DEVICE_TOPICS.rpcRequest);
  if (shortRpcRequest !== null) return { kind: "rpcRequest", requestId: shortRpcRequest, short: true };
  return parseFirmwareRequestTopic(topic);
}

const DEVICE_SUBSCRIPTIONS = new Set<string>([
  DEVICE_TOPICS.attributes,
  `${DEVICE_TOPICS.attributesResponse}+`,
  `${DEVICE_TOPICS.rpcRequest}+`,
  `${DEVICE_TOPICS.rpcResponse}+`,
  SHORT_DEVICE_TOPICS.attributes,
  `${SHORT_DEVICE_TOPICS.attributesResponse}+`,
  `${SHORT_DEVICE_TOPICS.rpcRequest}+`,
  `${SHORT_DEVICE_TOPICS.rpcResponse}+`,
  DEVICE_TOPICS.provisionResponse,
]);

const GATEWAY_SUBSCRIPTIONS = new Set<string>([
  GATEWAY_TOPICS.attributes,
  GATEWAY_TOPICS.attributesResponse,
  GATEWAY_TOPICS.rpc,
]);

/**
 * A device may subscribe to its own downlink topics only (the `+` forms, or one exact
 * response id); `#` and anything outside `v1/devices/me` / `v1/gateway` are refused.
 */
export function isAllowedSubscription(filter: string, opts: { gateway: boolean }): boolean {
  if (DEVICE_SUBSCRIPTIONS.has(filter)) return true;
  if (opts.gateway && GATEWAY_SUBSCRIPTIONS.has(filter)) return true;
  if (isFirmwareSubscription(filter)) return true;
  for (const prefix of [
    DEVICE_TOPICS.attributesResponse,
    DEVICE_TOPICS.rpcResponse,
    SHORT_DEVICE_TOPICS.attributesResponse,
    SHORT_DEVICE_TOPICS.rpcResponse,
  ]) {
    if (requestIdAfter(filter, prefix) !== null) return true;
  }
  return false;
}

/** True when a topic (as published to the device) matches a subscription filter with `+`/`#`. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split("/");
  const t = topic.split("/");
  for (let i = 0; i < f.length; i++) {
    if (f[i] === "#") return true;
    if (i >= t.length) return false;
    if (f[i] !== "+" && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
