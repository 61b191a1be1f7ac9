import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { skipTake } from "../shared/paging.ts";
import { inboxNotificationOf } from "@industryos/realtime/notifications";
import { inboxOwner } from "./inbox-owner.ts";
import type { listInboxInput } from "./schemas.ts";

/** The caller's notifications, newest first, with the unread count beside the page. */
export async function listInbox(ctx: TenantContext, input: z.infer<typeof listInboxInput>) {
  const userId = inboxOwner(ctx);
  const where = { userId, ...(input.unreadOnly ? { seenAt: null } : {}) };
  const [rows, total, unreadCount] = await Promise.all([
    ctx.db.notification.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], ...skipTake(input) }),
    ctx.db.notification.count({ where }),
    ctx.db.notification.count({ where: { userId, seenAt: null } }),
  ]);
  return { data: rows.map(inboxNotificationOf), total, page: input.page, pageSize: input.pageSize, unreadCount };
}

export async function unreadCount(ctx: TenantContext) {
  const userId = inboxOwner(ctx);
  return { count: await ctx.db.notification.count({ where: { userId, seenAt: null } }) };
}
