/**
 * Why a device message was refused. Each transport maps the code to its own wire error
 * (MQTT 5 reason code, HTTP status, CoAP response code), so the reason is decided once here.
 */
export type DeviceProtocolErrorCode = "INVALID_JSON" | "PAYLOAD_TOO_LARGE" | "INVALID_PAYLOAD" | "TOPIC_NOT_ALLOWED";

export class DeviceProtocolError extends Error {
  constructor(
    readonly code: DeviceProtocolErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "DeviceProtocolError";
  }
}

export function invalidPayload(message: string): DeviceProtocolError {
  return new DeviceProtocolError("INVALID_PAYLOAD", message);
}
