import type { RedisClient } from "@industryos/runtime";

/**
 * A user's in-app notifications as they change: the workers publish `created` when a notification
 * lands in the inbox, the API `read`, `readAll` and `deleted` when the user acts on it (in any tab
 * or over REST); every web node's `subscribeNotifications` subscriptions of that user listen.
 *
 * Imported by both sides (`@industryos/realtime/notifications`), so the channel is named only here.
 * Depends on nothing but ioredis's types.
 */
export const notificationsChannel = (tenantId: string, userId: string) => `notifications:${tenantId}:${userId}`;

/** One inbox entry, as `GET /api/v1/notifications` lists it. */
export interface InboxNotification {
  id: string;
  requestId: string | null;
  type: string;
  subject: string;
  text: string;
  info: Record<string, unknown>;
  seenAt: string | null;
  createdAt: string;
}

/** A notification row as the database holds it (the inbox's columns). */
export interface NotificationRow {
  id: string;
  requestId: string | null;
  type: string;
  subject: string;
  text: string;
  info: unknown;
  seenAt: Date | null;
  createdAt: Date;
}

/** The inbox entry of a row: one shape over REST, tRPC and the WebSocket's `notifications` messages. */
export const inboxNotificationOf = (row: NotificationRow): InboxNotification => ({
  id: row.id,
  requestId: row.requestId,
  type: row.type,
  subject: row.subject,
  text: row.text,
  info: (row.info ?? {}) as Record<string, unknown>,
  seenAt: row.seenAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

export type NotificationEvent =
  | { kind: "created"; notification: InboxNotification }
  | { kind: "read"; ids: string[] }
  | { kind: "readAll" }
  | { kind: "deleted"; ids: string[] };

/**
 * Tells the user's open consoles about a change of their inbox. Call it after the change is
 * committed. Never throws: the change happened, and a console that missed it catches up when it
 * reconnects (the subscription starts with the unread count and the newest notifications).
 */
export async function publishNotificationEvent(
  redis: Pick<RedisClient, "publish">,
  target: { tenantId: string; userId: string },
  event: NotificationEvent,
  logger?: { warn(obj: object, msg: string): void },
): Promise<void> {
  try {
    await redis.publish(notificationsChannel(target.tenantId, target.userId), JSON.stringify(event));
  } catch (error) {
    logger?.warn({ err: error, kind: event.kind }, "could not publish a notification event");
  }
}

/** The event on the wire, or null for anything else (never trusted further than its shape). */
export function decodeNotificationEvent(text: string): NotificationEvent | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null) return null;
  const event = raw as Record<string, unknown>;
  const ids = Array.isArray(event.ids) ? event.ids.filter((id): id is string => typeof id === "string") : [];
  switch (event.kind) {
    case "created": {
      const n = event.notification as Partial<InboxNotification> | undefined;
      if (!n || typeof n.id !== "string" || typeof n.subject !== "string") return null;
      return { kind: "created", notification: n as InboxNotification };
    }
    case "read":
      return { kind: "read", ids };
    case "deleted":
      return { kind: "deleted", ids };
    case "readAll":
      return { kind: "readAll" };
    default:
      return null;
  }
}
