import { randomUUID } from "node:crypto";

/**
 * Message types, named as ThingsBoard's rule engine names them, so chains and scripts written
 * for it read the same here.
 */
export const MESSAGE_TYPES = [
  "POST_TELEMETRY_REQUEST",
  "POST_ATTRIBUTES_REQUEST",
  "ATTRIBUTES_UPDATED",
  "ATTRIBUTES_DELETED",
  "TIMESERIES_UPDATED",
  "TO_SERVER_RPC_REQUEST",
  "RPC_CALL_FROM_SERVER_TO_DEVICE",
  "CONNECT_EVENT",
  "DISCONNECT_EVENT",
  "ACTIVITY_EVENT",
  "INACTIVITY_EVENT",
  "ENTITY_CREATED",
  "ENTITY_UPDATED",
  "ENTITY_DELETED",
  "ENTITY_ASSIGNED",
  "ENTITY_UNASSIGNED",
  "ALARM",
  "ALARM_ACK",
  "ALARM_CLEAR",
  "GENERATOR",
] as const;

export type MessageType = (typeof MESSAGE_TYPES)[number] | (string & {});

export type EntityType = "DEVICE" | "ASSET" | "CUSTOMER" | "TENANT" | "ALARM" | (string & {});

export interface Originator {
  type: EntityType;
  id: string;
}

/**
 * One message travelling through a tenant's rule chains. `data` is the payload as JSON (for
 * telemetry, the device's key/value object); `metadata` holds string values only, as in
 * ThingsBoard (`deviceName`, `deviceType`, `ts`, ...), so scripts can rely on it.
 */
export interface RuleMessage {
  id: string;
  type: MessageType;
  tenantId: string;
  originator: Originator;
  /** Epoch milliseconds of the event. */
  ts: number;
  data: unknown;
  metadata: Record<string, string>;
}

export function createMessage(fields: Omit<RuleMessage, "id" | "metadata"> & Partial<RuleMessage>): RuleMessage {
  return { id: randomUUID(), metadata: {}, ...fields };
}

/** A message derived from another: a new id, the rest copied unless replaced. */
export function deriveMessage(from: RuleMessage, changes: Partial<Omit<RuleMessage, "id">>): RuleMessage {
  return { ...from, ...changes, id: randomUUID(), metadata: { ...(changes.metadata ?? from.metadata) } };
}
