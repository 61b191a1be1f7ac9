import { publishNotificationEvent } from "@industryos/realtime/notifications";
import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { inboxOwnerOrNone } from "./inbox-owner.ts";

/** Deletes one of the caller's notifications; 404 for anyone else's. */
export async function deleteNotification(ctx: TenantContext, id: string): Promise<void> {
  const userId = inboxOwnerOrNone(ctx);
  const { count } = userId ? await ctx.db.notification.deleteMany({ where: { id, userId } }) : { count: 0 };
  if (count === 0 || !userId) throw notFound("Notification");
  await publishNotificationEvent(ctx.deps.redis, { tenantId: ctx.tenantId, userId }, { kind: "deleted", ids: [id] });
}
