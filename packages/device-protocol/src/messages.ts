import type { AttributeScope } from "./attributes.ts";
import type { TelemetryPoint } from "./telemetry.ts";
import type { KeyValue } from "./values.ts";

/**
 * The one internal message every transport produces after authentication and decoding. The
 * tenant and device come from the credentials, never from the topic or payload.
 */
export type DeviceUplink =
  | { type: "TELEMETRY"; tenantId: string; deviceId: string; receivedAt: number; points: TelemetryPoint[] }
  | { type: "ATTRIBUTES"; tenantId: string; deviceId: string; receivedAt: number; scope: AttributeScope; attributes: KeyValue[] };

/** Downlink commands delivered to the ingest node that holds the device's connection. */
export type DeviceDownlink =
  | { type: "SHARED_ATTRIBUTES"; deviceId: string; updated?: KeyValue[]; deleted?: string[] }
  | { type: "RPC_REQUEST"; deviceId: string; requestId: number; method: string; params: unknown; expirationTime: number; oneway?: boolean }
  | { type: "CLIENT_RPC_RESPONSE"; deviceId: string; requestId: number; body: unknown };
