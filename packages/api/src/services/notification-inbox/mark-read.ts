import { publishNotificationEvent } from "@industryos/realtime/notifications";
import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { markInAppDelivered } from "./delivered-on-read.ts";
import { inboxNotificationOf } from "@industryos/realtime/notifications";
import { inboxOwner, inboxOwnerOrNone } from "./inbox-owner.ts";

/**
 * Marks one of the caller's notifications read (reading it again keeps the first time), and its in-app delivery
 * DELIVERED; 404 for anyone else's.
 */
export async function markRead(ctx: TenantContext, id: string) {
  const userId = inboxOwnerOrNone(ctx);
  const row = userId ? await ctx.db.notification.findFirst({ where: { id, userId } }) : null;
  if (!row || !userId) throw notFound("Notification");
  if (row.seenAt) return inboxNotificationOf(row);
  const updated = await ctx.db.notification.update({ where: { id }, data: { seenAt: new Date() } });
  await markInAppDelivered(ctx.db, userId, [row.requestId]);
  await publishNotificationEvent(ctx.deps.redis, { tenantId: ctx.tenantId, userId }, { kind: "read", ids: [id] });
  return inboxNotificationOf(updated);
}

/** Marks every unread notification of the caller read, and their in-app deliveries DELIVERED. */
export async function markAllRead(ctx: TenantContext) {
  const userId = inboxOwner(ctx);
  const unread = await ctx.db.notification.findMany({ where: { userId, seenAt: null }, select: { requestId: true } });
  const { count } = await ctx.db.notification.updateMany({
    where: { userId, seenAt: null },
    data: { seenAt: new Date() },
  });
  await markInAppDelivered(
    ctx.db,
    userId,
    unread.map((n) => n.requestId),
  );
  if (count > 0)
    await publishNotificationEvent(ctx.deps.redis, { tenantId: ctx.tenantId, userId }, { kind: "readAll" });
  return { updated: count };
}
