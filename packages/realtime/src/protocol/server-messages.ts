import type { PlainPoint } from "@industryos/db/telemetry/contract";
import type { AlarmChange, AlarmView } from "@industryos/device-protocol/alarm-view";
import type { InboxNotification } from "../notifications.ts";
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
  /** Alarm subscriptions: the originator they follow (absent: every alarm the caller may see). */
  originator?: { type: string; id: string; name: string | null };
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

export const ALARM_SEVERITIES = ["CRITICAL", "MAJOR", "MINOR", "WARNING", "INDETERMINATE"] as const;
export type AlarmSeverityName = (typeof ALARM_SEVERITIES)[number];

/** An alarm as the REST API returns it (`GET /api/v1/alarms`): the platform's one alarm view. */
export type AlarmInfo = AlarmView;
export type { AlarmChange };

export interface AlarmChangeEntry {
  change: AlarmChange;
  alarm: AlarmInfo;
  /** Set for `commented`. */
  comment?: { id: string; text: string };
}

/**
 * An alarm subscription's alarms. `initial`: the active alarms (newest first, at most 1,000;
 * `truncated` when there were more), sent once after `subscribed`: replace, don't append. Then
 * the changes, oldest first; each alarm once per message, in its latest state (`merged` counts
 * the changes folded away). A cleared alarm stays in `changes` with `cleared: true`: drop it from
 * an active list.
 */
export interface AlarmsMessage {
  type: "alarms";
  cmdId: number;
  initial?: true;
  alarms?: AlarmInfo[];
  truncated?: true;
  changes?: AlarmChangeEntry[];
  merged?: number;
}

/** Active (uncleared) alarms: all, unacknowledged, and by severity. */
export interface AlarmCounts {
  total: number;
  unacknowledged: number;
  bySeverity: Record<AlarmSeverityName, number>;
}

/** An alarm-count subscription's counts: once after `subscribed` (`initial`), then whenever they change. */
export interface AlarmCountsMessage {
  type: "alarmCounts";
  cmdId: number;
  initial?: true;
  counts: AlarmCounts;
}

/**
 * The user's inbox. `initial`: the unread count and the newest notifications (newest first), once
 * after `subscribed` and again after every reconnect: replace, don't append. Then, on each change:
 * the unread count again, and what changed (`created` notifications, ids `read` or `deleted`,
 * `allRead`); merge by id (a notification may come again).
 */
export interface NotificationsMessage {
  type: "notifications";
  cmdId: number;
  initial?: true;
  unreadCount: number;
  notifications?: InboxNotification[];
  created?: InboxNotification[];
  read?: string[];
  deleted?: string[];
  allRead?: true;
}

export type ServerMessage =
  | AuthenticatedMessage
  | SubscribedMessage
  | DataMessage
  | AlarmsMessage
  | AlarmCountsMessage
  | NotificationsMessage
  | UnsubscribedMessage
  | ErrorMessage;
