import { toInboxView } from "@industryos/api/notifications";
import type { DatabaseClients } from "@industryos/db";
import { publishNotificationEvent } from "@industryos/realtime/notifications";
import type { RedisClient } from "@industryos/runtime";
import { PermanentDeliveryError, type ChannelSender, type OutgoingMessage } from "./channel.ts";

/** Prisma's "unique key refused the row". */
const UNIQUE_VIOLATION = "P2002";

/** The inbox row of an in-app message (also written by in-app-now.ts, ahead of the request's workflow). */
export function inboxRowOf(message: OutgoingMessage) {
  return {
    tenantId: message.tenantId,
    userId: message.recipient,
    requestId: message.requestId,
    type: message.notificationType as never,
    subject: message.content.subject ?? "Notification",
    text: message.content.body,
    info: message.info as never,
  };
}

/**
 * The console's inbox: one Notification row per user and request (its unique key makes a repeated
 * attempt find the first row instead of adding a second), then a `created` event on the user's
 * notifications channel, which every web node forwards to that user's open consoles.
 */
export function createInAppChannel(db: DatabaseClients, redis: RedisClient): ChannelSender {
  return {
    async send(message) {
      const tenantDb = db.forTenant(message.tenantId);
      const user = await tenantDb.user.findUnique({ where: { id: message.recipient }, select: { id: true } });
      if (!user) throw new PermanentDeliveryError("The user no longer exists");
      const data = inboxRowOf(message);
      let row;
      try {
        row = await tenantDb.notification.create({ data });
      } catch (error) {
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
        row = await tenantDb.notification.findUniqueOrThrow({
          where: {
            tenantId_userId_requestId: {
              tenantId: message.tenantId,
              userId: message.recipient,
              requestId: message.requestId,
            },
          },
        });
      }
      // Also when the row was there already (an attempt stopped before this line): consoles count from the
      // database and merge notifications by id, so a second event changes nothing they show.
      await publishNotificationEvent(
        redis,
        { tenantId: message.tenantId, userId: message.recipient },
        { kind: "created", notification: toInboxView(row) },
      );
      return { provider: "in-app", notificationId: row.id };
    },
  };
}
