/**
 * ThingsBoard's OTA download over MQTT: the device publishes
 * `v2/fw/request/{requestId}/chunk/{chunk}` (`v2/sw/...` for software) whose payload is the chunk
 * size in bytes as text (empty: the whole file, or the size this request id used before) and
 * gets the bytes on `v2/fw/response/{requestId}/chunk/{chunk}`; a refusal is published on
 * `v2/fw/error` and the connection closed. Chunk n is bytes [n × size, (n + 1) × size); past the
 * end the response is empty.
 */
export type OtaKind = "FIRMWARE" | "SOFTWARE";

export const otaTopicPrefix = (type: OtaKind) => (type === "FIRMWARE" ? "v2/fw" : "v2/sw");

export interface FirmwareChunkRequest {
  kind: "firmwareChunk";
  type: OtaKind;
  /** The device's own number for this download (digits, as ThingsBoard's pattern). */
  requestId: string;
  chunk: number;
}

const REQUEST = /^v2\/(fw|sw)\/request\/(\d{1,9})\/chunk\/(\d{1,9})$/;

export function parseFirmwareRequestTopic(topic: string): FirmwareChunkRequest | null {
  const m = REQUEST.exec(topic);
  if (!m) return null;
  return {
    kind: "firmwareChunk",
    type: m[1] === "fw" ? "FIRMWARE" : "SOFTWARE",
    requestId: m[2]!,
    chunk: Number(m[3]),
  };
}

export const firmwareResponseTopic = (type: OtaKind, requestId: string, chunk: number) =>
  `${otaTopicPrefix(type)}/response/${requestId}/chunk/${chunk}`;

export const firmwareErrorTopic = (type: OtaKind) => `${otaTopicPrefix(type)}/error`;

/** What a device subscribes to for downloads: the responses of any request and chunk, and the errors. */
export const FIRMWARE_SUBSCRIPTIONS: readonly string[] = ["v2/fw", "v2/sw"].flatMap((p) => [
  `${p}/response/+/chunk/+`,
  `${p}/error`,
]);

const RESPONSE = /^v2\/(fw|sw)\/response\/(\d{1,9}|\+)\/chunk\/(\d{1,9}|\+)$/;

/** The `+` forms, or one request's exact topics. */
export function isFirmwareSubscription(filter: string): boolean {
  return FIRMWARE_SUBSCRIPTIONS.includes(filter) || RESPONSE.test(filter);
}

/** The request's payload: digits (the chunk size) or nothing. Anything else is not a size. */
export function parseChunkSize(payload: Uint8Array): number | null {
  const text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString("utf8").trim();
  if (text === "") return 0;
  if (!/^\d{1,10}$/.test(text)) return null;
  return Number(text);
}
