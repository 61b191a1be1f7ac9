import type { AttributeScope } from "./attributes.ts";
import type { TelemetryPoint } from "./telemetry.ts";
import type { KeyValue } from "./values.ts";

/**
 * The one internal message every transport produces after authentication and decoding. The
 * tenant and device come from the credentials, never from the topic or payload.
 */
export type DeviceUplink =
  | {
      type: "TELEMETRY";
      tenantId: string;
      deviceId: string;
      receivedAt: number;
      points: TelemetryPoint[];
      data: UplinkData;
    }
  | {
      type: "ATTRIBUTES";
      tenantId: string;
      deviceId: string;
      receivedAt: number;
      scope: AttributeScope;
      attributes: KeyValue[];
      data: UplinkData;
    };

/**
 * The JSON the device sent for this uplink, which the rule engine receives as is: the
 * payload's bytes when the uplink is the whole payload, else its text (a gateway's part for
 * one sub-device). Only valid JSON, already decoded into the uplink's values, ever gets here.
 */
export type UplinkData = Uint8Array | string;

/** Downlink commands delivered to the ingest node that holds the device's connection. */
export type DeviceDownlink =
  | { type: "SHARED_ATTRIBUTES"; deviceId: string; updated?: KeyValue[]; deleted?: string[] }
  | {
      type: "RPC_REQUEST";
      deviceId: string;
      requestId: number;
      method: string;
      params: unknown;
      expirationTime: number;
      oneway?: boolean;
    }
  | { type: "CLIENT_RPC_RESPONSE"; deviceId: string; requestId: number; body: unknown };
