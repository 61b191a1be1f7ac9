import {
  GATEWAY_TOPICS,
  parseGatewayAttributeRequest,
  parseGatewayAttributes,
  parseGatewayClaim,
  parseGatewayConnect,
  parseGatewayDisconnect,
  parseGatewayRpcReply,
  parseGatewayTelemetry,
  type DevicePublish,
} from "@industryos/device-protocol";
import { encodeGatewayAttributeResponse } from "@industryos/device-protocol/protobuf-encode";
import type { DecodedRequest } from "../core/payload-formats.ts";
import type { QueueTicket } from "../core/persist-queue.ts";
import type { DeviceSession } from "../core/session.ts";
import type { MqttConnection } from "./connection.ts";
import type { PublishContext } from "./publish-handler.ts";

/** Resolves (creating on first sight) a gateway's sub-device and starts routing its downlinks to the gateway. */
async function subDevice(
  connection: MqttConnection,
  context: PublishContext,
  name: string,
  type?: string,
): Promise<DeviceSession> {
  const known = connection.subDevices.get(name);
  if (known) return known;
  const device = await context.service.deps.directory.getOrCreateSubDevice(connection.session, name, type);
  await connection.attachSubDevice(device);
  return device;
}

/**
 * The ThingsBoard gateway API: one connection speaks for many sub-devices, each named in the
 * payload. Names resolve only within the gateway's own tenant. A PROTOBUF profile's gateway
 * sends transport.proto's gateway messages, decoded into the same JSON before this runs.
 */
export async function handleGatewayPublish(
  connection: MqttConnection,
  route: DevicePublish,
  { json, protobuf }: DecodedRequest,
  context: PublishContext,
  ticket: QueueTicket,
): Promise<void> {
  const { service } = context;
  const receivedAt = Date.now();
  switch (route.kind) {
    case "gatewayConnect": {
      const { device, type } = parseGatewayConnect(json);
      const session = await subDevice(connection, context, device, type);
      service.deps.activity.connected(session.tenantId, session.deviceId, receivedAt);
      await connection.flushQueuedRpc(session);
      return;
    }
    case "gatewayDisconnect": {
      const { device } = parseGatewayDisconnect(json);
      const session = connection.subDevices.get(device);
      if (session) service.deps.activity.disconnected(session.tenantId, session.deviceId, receivedAt);
      return;
    }
    case "gatewayTelemetry": {
      const perDevice = parseGatewayTelemetry(json, receivedAt);
      const sessions = await Promise.all(perDevice.map(({ device }) => subDevice(connection, context, device)));
      await Promise.all(perDevice.map(({ points }, i) => service.deps.limits.admit(sessions[i]!, "telemetry", points)));
      await Promise.all(
        perDevice.map(({ points, payload }, i) =>
          // A device with no values (`{"Dev A": {}}`) stores nothing, as for a device's own `{}`.
          points.length === 0
            ? undefined
            : service.deps.queue.submit(
                {
                  type: "TELEMETRY",
                  tenantId: sessions[i]!.tenantId,
                  deviceId: sessions[i]!.deviceId,
                  receivedAt,
                  points,
                  data: JSON.stringify(payload),
                },
                { ticket },
              ),
        ),
      );
      sessions.forEach((s) => service.deps.activity.activity(s.tenantId, s.deviceId, receivedAt));
      return;
    }
    case "gatewayAttributes": {
      const perDevice = parseGatewayAttributes(json);
      const sessions = await Promise.all(perDevice.map(({ device }) => subDevice(connection, context, device)));
      await Promise.all(
        perDevice.map(({ attributes }, i) => service.deps.limits.admit(sessions[i]!, "attributes", attributes)),
      );
      await Promise.all(
        perDevice.map(({ attributes, payload }, i) =>
          service.deps.queue.submit(
            {
              type: "ATTRIBUTES",
              tenantId: sessions[i]!.tenantId,
              deviceId: sessions[i]!.deviceId,
              receivedAt,
              scope: "CLIENT",
              attributes,
              data: JSON.stringify(payload),
            },
            { ticket },
          ),
        ),
      );
      return;
    }
    case "gatewayAttributesRequest": {
      const request = parseGatewayAttributeRequest(json);
      const session = await subDevice(connection, context, request.device);
      const keys = request.keys ?? [request.key!];
      const values = await service.deps.directory.readAttributes(session, request.client ? "CLIENT" : "SHARED", keys);
      if (protobuf) {
        const answer = { id: request.id, device: request.device, client: request.client, keys, values };
        await connection.sendBytes(GATEWAY_TOPICS.attributesResponse, encodeGatewayAttributeResponse(answer));
        return;
      }
      // ThingsBoard (JsonConverter.getJsonObjectForGateway) leaves "value"/"values" out when
      // the device has none of the keys, rather than sending null or {}.
      const body: Record<string, unknown> = { id: request.id, device: request.device };
      if (values.length > 0 && request.keys === undefined) body.value = values[0]!.value.value;
      else if (values.length > 0) body.values = Object.fromEntries(values.map((v) => [v.key, v.value.value]));
      await connection.send(GATEWAY_TOPICS.attributesResponse, body);
      return;
    }
    case "gatewayRpc": {
      const reply = parseGatewayRpcReply(json);
      const session = await subDevice(connection, context, reply.device);
      await service.rpcResponse(session, reply.id, reply.data);
      return;
    }
    case "gatewayClaim": {
      for (const { device, claim } of parseGatewayClaim(json)) {
        const session = await subDevice(connection, context, device);
        await service.claim(session, claim);
      }
      return;
    }
    default:
      throw new Error(`unhandled route ${route.kind}`);
  }
}
