import type { PublishPacket } from "aedes";
import {
  DEVICE_TOPICS,
  DeviceProtocolError,
  SHORT_DEVICE_TOPICS,
  classifyPublishTopic,
  decodeJsonPayload,
  type DevicePublish,
} from "@industryos/device-protocol";
import type { DeviceService } from "../core/device-service.ts";
import type { QueueTicket } from "../core/persist-queue.ts";
import type { MqttConnection } from "./connection.ts";
import { handleGatewayPublish } from "./gateway-handler.ts";

export interface PublishContext {
  service: DeviceService;
  maxPayloadBytes: number;
  sessionLimits: Record<string, unknown>;
}

/**
 * Handles one PUBLISH from an authenticated device and resolves only when it is done — for
 * telemetry and attributes, when the rows are committed. The broker sends the PUBACK after
 * this resolves and reads no further packets from the connection meanwhile, which is both the
 * persist-before-ack rule and the per-connection backpressure. A rejection stores nothing and
 * becomes, in broker.ts, a closed connection for MQTT 3.1.1 (it has no reason code for a refused
 * PUBLISH; ThingsBoard does the same) or a reason code for MQTT 5 (publish-refusals.ts).
 */
export async function handleDevicePublish(connection: MqttConnection, packet: PublishPacket, context: PublishContext): Promise<void> {
  const { session } = connection;
  const route = classifyPublishTopic(packet.topic, { gateway: session.isGateway });
  if (!route) throw new DeviceProtocolError("TOPIC_NOT_ALLOWED", `topic ${packet.topic} is not allowed for this device`);
  const { queue } = context.service.deps;
  const ticket = await queue.acquire();
  try {
    const json = decodeJsonPayload(packet.payload as Buffer, context.maxPayloadBytes);
    await dispatch(connection, packet, route, json, context, ticket);
  } finally {
    queue.release(ticket);
  }
}

async function dispatch(connection: MqttConnection, packet: PublishPacket, route: DevicePublish, json: unknown, context: PublishContext, ticket: QueueTicket): Promise<void> {
  const { service } = context;
  const { session } = connection;
  switch (route.kind) {
    case "telemetry":
      return service.postTelemetry(session, json, packet.payload as Buffer, { wait: true, ticket });
    case "attributes":
      return service.postAttributes(session, json, packet.payload as Buffer, { wait: true, ticket });
    case "attributesRequest": {
      const body = await service.requestAttributes(session, json);
      const prefix = route.short ? SHORT_DEVICE_TOPICS.attributesResponse : DEVICE_TOPICS.attributesResponse;
      await connection.send(`${prefix}${route.requestId}`, body);
      return;
    }
    case "rpcResponse":
      return service.rpcResponse(session, route.requestId, json);
    case "rpcRequest": {
      // Answered asynchronously: a slow rule chain must not hold the device's connection.
      const prefix = route.short ? SHORT_DEVICE_TOPICS.rpcResponse : DEVICE_TOPICS.rpcResponse;
      void service.clientRpc(session, route.requestId, json, context.sessionLimits).then(
        (response) => (response === null ? undefined : connection.send(`${prefix}${route.requestId}`, response)),
        () => undefined,
      );
      return;
    }
    case "claim":
      return service.claim(session, json);
    case "provisionRequest":
      throw new DeviceProtocolError("TOPIC_NOT_ALLOWED", "provisioning requires connecting with the username 'provision'");
    default:
      return handleGatewayPublish(connection, route, json, context, ticket);
  }
}

