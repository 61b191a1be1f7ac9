import type { PublishPacket } from "aedes";
import {
  DEVICE_TOPICS,
  DeviceProtocolError,
  SHORT_DEVICE_TOPICS,
  classifyPublishTopic,
  decodeJsonPayload,
  parseAttributeRequest,
  type DevicePublish,
} from "@industryos/device-protocol";
import { isThingsBoardProtoUplink } from "@industryos/device-protocol/protobuf-decode";
import { encodeAttributeResponse, encodeClientRpcResponse } from "@industryos/device-protocol/protobuf-encode";
import type { DeviceService } from "../core/device-service.ts";
import type { DecodedRequest, DecodedUplink } from "../core/payload-formats.ts";
import type { FirmwareService } from "../core/firmware-service.ts";
import type { QueueTicket } from "../core/persist-queue.ts";
import type { MqttConnection } from "./connection.ts";
import { handleFirmwareChunk } from "./firmware-chunks.ts";
import { handleGatewayPublish } from "./gateway-handler.ts";

export interface PublishContext {
  service: DeviceService;
  maxPayloadBytes: number;
  /** What getSessionLimits reports of this transport beside the tenant's limits. */
  sessionLimits: { maxPayloadSize: number; maxInflightMessages: number };
  /** Serves OTA package chunks (`v2/fw/request/...`); without it those topics are refused. */
  firmware?: FirmwareService;
}

/**
 * Handles one PUBLISH from an authenticated device and resolves only when it is done — for
 * telemetry and attributes, when the rows are committed. The broker sends the PUBACK after
 * this resolves and reads no further packets from the connection meanwhile, which is both the
 * persist-before-ack rule and the per-connection backpressure. A rejection stores nothing and
 * becomes, in broker.ts, a closed connection for MQTT 3.1.1 (it has no reason code for a refused
 * PUBLISH; ThingsBoard does the same) or a reason code for MQTT 5 (publish-refusals.ts).
 */
export function handleDevicePublish(
  connection: MqttConnection,
  packet: PublishPacket,
  context: PublishContext,
): Promise<void> {
  // Plain functions and one promise per telemetry message: async functions here cost a
  // promise and a microtask each, for every message ingested.
  try {
    const route = classifyPublishTopic(packet.topic, { gateway: connection.session.isGateway });
    if (!route)
      throw new DeviceProtocolError("TOPIC_NOT_ALLOWED", `topic ${packet.topic} is not allowed for this device`);
    // A download stores nothing and its payload is not JSON: it bypasses the persist queue.
    if (route.kind === "firmwareChunk") {
      if (!context.firmware)
        throw new DeviceProtocolError("TOPIC_NOT_ALLOWED", "OTA downloads are not served by this node");
      return handleFirmwareChunk(connection, packet, route, context.firmware, context.maxPayloadBytes);
    }
    const { queue } = context.service.deps;
    const ticket = queue.tryAcquire();
    if (ticket) return handleWithTicket(connection, packet, route, context, ticket);
    return queue.acquire().then((waited) => handleWithTicket(connection, packet, route, context, waited));
  } catch (error) {
    return Promise.reject(error);
  }
}

function handleWithTicket(
  connection: MqttConnection,
  packet: PublishPacket,
  route: DevicePublish,
  context: PublishContext,
  ticket: QueueTicket,
): Promise<void> {
  const { queue } = context.service.deps;
  let handled: Promise<void>;
  try {
    if (route.kind === "telemetry" || route.kind === "attributes" || route.kind === "rpcResponse") {
      const { service, maxPayloadBytes } = context;
      const decoded = service.decodeUplink(connection.session, route.kind, packet.payload as Buffer, maxPayloadBytes);
      handled =
        decoded instanceof Promise
          ? decoded.then((uplink) => postUplink(connection, route, uplink, context, ticket))
          : postUplink(connection, route, decoded, context, ticket);
    } else if (isThingsBoardProtoUplink(route.kind)) {
      const { service, maxPayloadBytes } = context;
      const decoded = service.decodeRequest(connection.session, route.kind, packet.payload as Buffer, maxPayloadBytes);
      handled =
        decoded instanceof Promise
          ? decoded.then((request) => dispatchRequest(connection, route, request, context, ticket))
          : dispatchRequest(connection, route, decoded, context, ticket);
    } else {
      const json = decodeJsonPayload(packet.payload as Buffer, context.maxPayloadBytes);
      handled = dispatchRequest(connection, route, { json, protobuf: false }, context, ticket);
    }
  } catch (error) {
    queue.release(ticket);
    return Promise.reject(error);
  }
  // Telemetry and attributes took the slot into the queue as they were submitted.
  if (ticket.used) return handled;
  return handled.finally(() => queue.release(ticket));
}

/**
 * Telemetry, attributes and RPC responses, decoded by the device's payload type (JSON or its
 * profile's protobuf messages).
 */
function postUplink(
  connection: MqttConnection,
  route: Extract<DevicePublish, { kind: "telemetry" | "attributes" | "rpcResponse" }>,
  uplink: DecodedUplink,
  context: PublishContext,
  ticket: QueueTicket,
): Promise<void> {
  const { service } = context;
  const { session } = connection;
  if (route.kind === "telemetry")
    return service.postTelemetry(session, uplink.json, uplink.data, { wait: true, ticket });
  if (route.kind === "attributes")
    return service.postAttributes(session, uplink.json, uplink.data, { wait: true, ticket });
  return service.rpcResponse(session, route.requestId, uplink.json);
}

/**
 * Everything but telemetry and attributes: requests, replies and gateway messages, decoded into
 * their JSON form; `request.protobuf` says answers go back as ThingsBoard's protobuf messages.
 */
async function dispatchRequest(
  connection: MqttConnection,
  route: DevicePublish,
  request: DecodedRequest,
  context: PublishContext,
  ticket: QueueTicket,
): Promise<void> {
  const { service } = context;
  const { session } = connection;
  const { json } = request;
  switch (route.kind) {
    case "attributesRequest": {
      const prefix = route.short ? SHORT_DEVICE_TOPICS.attributesResponse : DEVICE_TOPICS.attributesResponse;
      const topic = `${prefix}${route.requestId}`;
      if (request.protobuf) {
        const values = await service.attributeValues(session, parseAttributeRequest(json));
        await connection.sendBytes(topic, encodeAttributeResponse(route.requestId, values));
        return;
      }
      await connection.send(topic, await service.requestAttributes(session, json));
      return;
    }
    case "rpcRequest": {
      // Answered asynchronously: a slow rule chain must not hold the device's connection.
      const prefix = route.short ? SHORT_DEVICE_TOPICS.rpcResponse : DEVICE_TOPICS.rpcResponse;
      const topic = `${prefix}${route.requestId}`;
      void service.clientRpc(session, route.requestId, json, context.sessionLimits).then(
        (response) =>
          response === null
            ? undefined
            : request.protobuf
              ? connection.sendBytes(topic, encodeClientRpcResponse(route.requestId, response))
              : connection.send(topic, response),
        () => undefined,
      );
      return;
    }
    case "claim":
      return service.claim(session, json);
    case "provisionRequest":
      throw new DeviceProtocolError(
        "TOPIC_NOT_ALLOWED",
        "provisioning requires connecting with the username 'provision'",
      );
    default:
      return handleGatewayPublish(connection, route, request, context, ticket);
  }
}
