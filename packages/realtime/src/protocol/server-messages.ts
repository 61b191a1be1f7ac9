import type { PlainPoint } from "@industryos/db/telemetry/contract";
import type { AttributeScopeName } from "./commands.ts";
import type { ErrorCode } from "./errors.ts";

/** One value at one time (`ts` in epoch milliseconds), the plain JSON value as the API returns it. */
export type { PlainPoint };

/** `{entityId: {key: [points, oldest first]}}`: the same shape for latest values, time series and attributes. */
export type EntityData = Record<string, Record<string, PlainPoint[]>>;

export interface ResolvedEntity {
  type: "DEVICE";
  id: string;
  name: string;
}

/** Sent once the connection is authenticated (at once for a session cookie, else after `auth`). */
export interface AuthenticatedMessage {
  type: "authenticated";
  cmdId?: number;
  via: "session" | "apiKey" | "publicDashboard";
  tenantId: string;
}

/** The subscription started; `entities` are what the data source resolved to (names for tables). */
export interface SubscribedMessage {
  type: "subscribed";
  cmdId: number;
  entities: ResolvedEntity[];
  scope?: AttributeScopeName;
}

/**
 * Values for a subscription. `initial` marks the snapshot/history sent first. `merged` (only when
 * above 0) counts incoming points that were folded into this message instead of being sent one
 * by one: superseded latest values, or points beyond the per-key buffer while the client was slow.
 */
export interface DataMessage {
  type: "data";
  cmdId: number;
  initial?: true;
  data: EntityData;
  merged?: number;
}

export interface UnsubscribedMessage {
  type: "unsubscribed";
  cmdId: number;
}

export interface ErrorMessage {
  type: "error";
  /** Null when the message could not be read far enough to find its cmdId. */
  cmdId: number | null;
  error: { code: ErrorCode; message: string; details?: unknown };
}

export type ServerMessage = AuthenticatedMessage | SubscribedMessage | DataMessage | UnsubscribedMessage | ErrorMessage;
