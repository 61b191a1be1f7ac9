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

/** The entity types besides devices that hold telemetry: integrators post theirs through the platform API. */
export type NonDeviceEntityType = "ASSET" | "CUSTOMER" | "TENANT";

/**
 * Telemetry posted through the platform API for an asset, a customer or the tenant itself: a
 * device's telemetry uplink with the entity in place of the device (a device's own telemetry
 * posted through the API is a DeviceUplink, exactly as if ingest had received it).
 */
export interface EntityTelemetry {
  type: "TELEMETRY";
  tenantId: string;
  entityType: NonDeviceEntityType;
  entityId: string;
  receivedAt: number;
  points: TelemetryPoint[];
  data: UplinkData;
}

/**
 * A message committed to storage, on its way to the rule-engine streams and the live-update
 * channels: what ingest commits for devices, or what the API commits for any entity.
 */
export type CommittedMessage = DeviceUplink | EntityTelemetry;

/**
 * An event of the platform itself for the rule engine, committed by whoever made it: an alarm
 * created, updated, acknowledged or cleared, an entity changed, ... It travels on the same
 * rule-engine streams as uplinks, partitioned by its originator (so an alarm's events stay in
 * order with its device's telemetry), but is never published on a live channel.
 *
 * On the stream it reads `{"type": msgType, tenantId, originatorType, originatorId, receivedAt,
 * metadata, data}`, with `data` the JSON value (not text).
 */
export interface PlatformEvent {
  type: "EVENT";
  tenantId: string;
  /** The rule engine's message type, as ThingsBoard names it: `ALARM`, `ALARM_ACK`, `ALARM_CLEAR`, `ENTITY_UPDATED`, ... */
  msgType: string;
  /** `DEVICE`, `ASSET`, `CUSTOMER`, `TENANT`, ... */
  originatorType: string;
  originatorId: string;
  /** Epoch milliseconds of the event. */
  receivedAt: number;
  /** String values only, as a rule message's metadata. */
  metadata?: Record<string, string>;
  /** The event's data as JSON text (`JSON.stringify` of the alarm, say). */
  data: string;
  /**
   * A rule message coming back to a chain part-way (the workers' delay and generator nodes): run
   * chain `chainId` from node `nodeId`, or with `relation` from that node's connections on it;
   * the message keeps its id and time. The type, originator, data and metadata are the event's.
   */
  resume?: RuleResume;
}

/** Where a resumed rule message enters its chain, and the message's own id and time. */
export interface RuleResume {
  chainId: string;
  nodeId: string;
  relation?: string;
  messageId: string;
  ts: number;
}

/** What goes on the rule-engine streams: committed uplinks and telemetry, and platform events. */
export type RuleEngineMessage = CommittedMessage | PlatformEvent;

/** The id of the message's originator (the device, or the entity): its partition and live channel follow from it. */
export function originatorIdOf(message: RuleEngineMessage): string {
  return "deviceId" in message ? message.deviceId : "entityId" in message ? message.entityId : message.originatorId;
}

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
