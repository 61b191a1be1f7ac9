import { DeviceProtocolError } from "@industryos/device-protocol";
import { OverloadedError, StoreUnavailableError } from "./persist-queue.ts";

/** Why a request was refused, independent of the transport; HTTP and CoAP map each to their own status. */
export type Refusal =
  | "BAD_REQUEST"
  | "PAYLOAD_TOO_LARGE"
  | "QUOTA_EXCEEDED"
  | "UNAUTHORIZED"
  | "RATE_LIMITED"
  | "NOT_FOUND"
  | "TIMEOUT"
  | "OVERLOADED"
  | "UNAVAILABLE"
  | "INTERNAL";

export class RefusedError extends Error {
  constructor(
    readonly refusal: Refusal,
    message: string,
    /** What the device may be told beside the message (which limit, its value); never server internals. */
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "RefusedError";
  }
}

export function refusalOf(error: unknown): { refusal: Refusal; message: string; detail?: Record<string, unknown> } {
  if (error instanceof RefusedError) return { refusal: error.refusal, message: error.message, detail: error.detail };
  if (error instanceof DeviceProtocolError) {
    return {
      refusal: error.code === "PAYLOAD_TOO_LARGE" ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST",
      message: error.message,
    };
  }
  if (error instanceof OverloadedError) return { refusal: "OVERLOADED", message: error.message };
  if (error instanceof StoreUnavailableError) return { refusal: "UNAVAILABLE", message: error.message };
  return { refusal: "INTERNAL", message: "internal error" };
}
