import { DeviceProtocolError } from "./errors.ts";

/**
 * Decodes a device payload as JSON, refusing it before parsing when it is larger than the
 * configured limit (a parser must never be handed an unbounded document from a device).
 */
export function decodeJsonPayload(payload: Uint8Array | string, maxBytes: number): unknown {
  const size = typeof payload === "string" ? Buffer.byteLength(payload) : payload.byteLength;
  if (size > maxBytes) {
    throw new DeviceProtocolError("PAYLOAD_TOO_LARGE", `payload is ${size} bytes; the limit is ${maxBytes}`);
  }
  const text =
    typeof payload === "string"
      ? payload
      : Buffer.isBuffer(payload)
        ? payload.toString("utf8")
        : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DeviceProtocolError("INVALID_JSON", `payload is not valid JSON: ${(error as Error).message}`);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
