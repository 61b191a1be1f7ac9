import type { PublishPacket } from "aedes";
import {
  DeviceProtocolError,
  firmwareErrorTopic,
  firmwareResponseTopic,
  parseChunkSize,
  type FirmwareChunkRequest,
} from "@industryos/device-protocol";
import type { FirmwareService, FirmwareTarget } from "../core/firmware-service.ts";
import { RefusedError } from "../core/refusals.ts";
import type { MqttConnection } from "./connection.ts";

/** A download in progress on one connection: its package (fixed for the request id) and chunk size. */
interface Download {
  target: FirmwareTarget;
  chunkSize: number;
}

/** Request ids remembered per connection; a device downloads one or two packages at a time. */
const MAX_DOWNLOADS = 8;
const downloads = new WeakMap<MqttConnection, Map<string, Download>>();

/**
 * ThingsBoard's `v2/fw/request/{requestId}/chunk/{chunk}`: the PUBACK goes out as soon as this
 * resolves, and the chunk follows on `v2/fw/response/{requestId}/chunk/{chunk}` without waiting
 * (the broker reads nothing more from this connection until the request resolves, and a QoS 1
 * response waits for the device's PUBACK). As in ThingsBoard, a request id keeps the package it
 * started with and the last chunk size given; a chunk size over the payload limit, or no package
 * to serve, is published on `v2/fw/error` and the connection closed.
 */
export async function handleFirmwareChunk(
  connection: MqttConnection,
  packet: PublishPacket,
  request: FirmwareChunkRequest,
  firmware: FirmwareService,
  maxPayloadBytes: number,
): Promise<void> {
  const size = parseChunkSize(packet.payload as Buffer);
  if (size === null) throw new DeviceProtocolError("INVALID_PAYLOAD", "the payload must be the chunk size in bytes");
  let forConnection = downloads.get(connection);
  if (!forConnection) downloads.set(connection, (forConnection = new Map()));
  const known = forConnection.get(request.requestId);
  const chunkSize = size > 0 ? size : (known?.chunkSize ?? 0);
  if (chunkSize > maxPayloadBytes) return refuse(connection, request, "PAYLOAD_TOO_LARGE");
  let target = known?.target;
  if (!target) {
    try {
      target = await firmware.target(connection.session, request.type);
    } catch (error) {
      if (error instanceof RefusedError && error.refusal === "NOT_FOUND")
        return refuse(connection, request, "NOT_FOUND");
      throw error;
    }
  }
  if (!known && forConnection.size >= MAX_DOWNLOADS) forConnection.delete(forConnection.keys().next().value!);
  forConnection.set(request.requestId, { target, chunkSize });
  const bytes = await firmware.bytes(target, chunkSize, request.chunk);
  void connection.sendBytes(firmwareResponseTopic(request.type, request.requestId, request.chunk), bytes);
}

function refuse(connection: MqttConnection, request: FirmwareChunkRequest, error: string): Promise<void> {
  void connection
    .sendBytes(firmwareErrorTopic(request.type), Buffer.from(error))
    .finally(() => connection.client.close());
  return Promise.resolve();
}
