import type { InboxNotification } from "@industryos/realtime/notifications";

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

/** One inbox entry: the same shape over REST, tRPC and the WebSocket's `notifications` messages. */
export const toView = (row: NotificationRow): InboxNotification => ({
  id: row.id,
  requestId: row.requestId,
  type: row.type,
  subject: row.subject,
  text: row.text,
  info: (row.info ?? {}) as Record<string, unknown>,
  seenAt: row.seenAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});
