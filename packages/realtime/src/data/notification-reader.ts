import type { DatabaseClients } from "@industryos/db";
import { inboxNotificationOf, type InboxNotification } from "../notifications.ts";

/** What `subscribeNotifications` reads: one user's inbox, under the tenant's row-level security. */
export interface NotificationReader {
  unreadCount(tenantId: string, userId: string): Promise<number>;
  /** The newest notifications, newest first, at most `limit`. */
  latest(tenantId: string, userId: string, limit: number): Promise<InboxNotification[]>;
}

export function createDbNotificationReader(db: Pick<DatabaseClients, "forTenant">): NotificationReader {
  return {
    unreadCount: (tenantId, userId) => db.forTenant(tenantId).notification.count({ where: { userId, seenAt: null } }),
    async latest(tenantId, userId, limit) {
      const rows = await db.forTenant(tenantId).notification.findMany({
        where: { userId },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: limit,
      });
      return rows.map(inboxNotificationOf);
    },
  };
}
