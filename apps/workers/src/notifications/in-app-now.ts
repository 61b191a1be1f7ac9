import { countDeliveries, effectiveRateLimits, toInboxView } from "@industryos/api/notifications";
import type { DatabaseClients, TenantClient } from "@industryos/db";
import { publishNotificationEvent } from "@industryos/realtime/notifications";
import type { Logger, RedisClient } from "@industryos/runtime";
import { PermanentDeliveryError } from "./channels/channel.ts";
import { inboxRowOf } from "./channels/in-app-channel.ts";
import { MESSAGE_REQUEST_FIELDS, messageOf } from "./outgoing-message.ts";
import { takeNotificationSlots } from "./rate-limiter.ts";
import { deliveryRows, requestRecipients } from "./resolve-recipients.ts";

/**
 * The deliveries' SENT, each naming its own inbox row (what the in-app channel's send answers), in one statement
 * for all of them: a request to many users is one round trip inside the transaction, not one per user. Runs in
 * the tenant's transaction, so row-level security limits it to the tenant's rows. `updatedAt` is set as Prisma's
 * `@updatedAt` would.
 */
async function markSent(tx: Pick<TenantClient, "$executeRaw">, sent: { deliveryId: string; notificationId: string }[]) {
  const sentAt = new Date();
  await tx.$executeRaw`
    UPDATE "NotificationDelivery" d
    SET status = 'SENT', attempts = 1, "sentAt" = ${sentAt}, "updatedAt" = ${sentAt},
      "providerResponse" = jsonb_build_object('provider', 'in-app', 'notificationId', u.notification_id)
    FROM unnest(${sent.map((s) => s.deliveryId)}::uuid[], ${sent.map((s) => s.notificationId)}::uuid[])
      AS u(id, notification_id)
    WHERE d.id = u.id`;
}

export interface InAppNowDeps {
  db: Pick<DatabaseClients, "forTenant">;
  redis: RedisClient;
  logger: Logger;
}

/**
 * A request's in-app recipients delivered where the request is made (the notification-rule step, the notify
 * nodes), before its workflow starts: the in-app channel needs no provider, only rows and a push, and each
 * Temporal hop before it costs ~0.5 s on a loaded machine. One transaction writes the IN_APP delivery rows, the
 * inbox rows and the deliveries' SENT; the `created` events go out after its commit; the request's stats are
 * recounted. The workflow then finds those deliveries SENT (it sends only PENDING ones) and fans out the other
 * channels, and the in-app ones held back by the rate limit, or not written here for any reason, stay PENDING
 * for it. Idempotent: the delivery rows' unique key decides who delivers (a redelivered event, or two of them at
 * once, inserts none and does nothing). Best effort: a failure rolls the transaction back and is logged; the
 * workflow delivers as before.
 */
export function createInAppNow(deps: InAppNowDeps) {
  const logger = deps.logger.child({ component: "in-app-now" });

  async function deliver(tenantId: string, requestId: string) {
    const db = deps.db.forTenant(tenantId);
    const written = await db.$transaction(async (tx) => {
      const request = await tx.notificationRequest.findUnique({
        where: { id: requestId },
        select: MESSAGE_REQUEST_FIELDS,
      });
      if (!request) return null;
      const recipients = await requestRecipients(tx, request, "IN_APP");
      if (recipients.length === 0) return null;
      const inserted = await tx.notificationDelivery.createManyAndReturn({
        data: deliveryRows(tenantId, requestId, recipients),
        skipDuplicates: true,
        select: { id: true, recipient: true },
      });
      if (inserted.length === 0) return null;
      const settings = await tx.notificationSettings.findUnique({ where: { tenantId }, select: { rateLimits: true } });
      const limit = effectiveRateLimits(settings?.rateLimits).IN_APP;
      const allowed = await takeNotificationSlots(deps.redis, tenantId, "IN_APP", limit, Date.now(), inserted.length);
      const sending = inserted.slice(0, allowed);
      if (sending.length === 0) return { rows: [] };
      const messages = sending.map((d) =>
        messageOf({
          id: d.id,
          tenantId,
          requestId,
          channel: "IN_APP",
          recipient: d.recipient,
          userId: d.recipient,
          request,
        }),
      );
      // A row already there was written by the workflow's attempt: its delivery stays PENDING for that attempt.
      const rows = await tx.notification.createManyAndReturn({ data: messages.map(inboxRowOf), skipDuplicates: true });
      if (rows.length > 0) {
        const deliveryOf = new Map(sending.map((d) => [d.recipient, d.id]));
        await markSent(
          tx,
          rows.map((row) => ({ deliveryId: deliveryOf.get(row.userId)!, notificationId: row.id })),
        );
      }
      return { rows };
    });
    if (!written) return 0;
    for (const row of written.rows)
      await publishNotificationEvent(
        deps.redis,
        { tenantId, userId: row.userId },
        { kind: "created", notification: toInboxView(row) },
        logger,
      );
    await db.notificationRequest.updateMany({
      where: { id: requestId },
      data: { stats: (await countDeliveries(db, requestId)) as never },
    });
    return written.rows.length;
  }

  return {
    /** Delivers the request's in-app recipients now; how many were sent (0 also when it failed: logged). */
    async deliver(tenantId: string, requestId: string): Promise<number> {
      try {
        return await deliver(tenantId, requestId);
      } catch (error) {
        // The template has no in-app text, the database failed...: the workflow's attempt says so, or succeeds.
        const level = error instanceof PermanentDeliveryError ? "info" : "warn";
        logger[level]({ err: error, tenantId, requestId }, "in-app notifications left to the request's workflow");
        return 0;
      }
    },
  };
}

export type InAppNow = ReturnType<typeof createInAppNow>;
