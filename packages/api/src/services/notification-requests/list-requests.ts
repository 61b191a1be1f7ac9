import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { skipTake } from "../shared/paging.ts";
import { toDeliveryView, toRequestView } from "./request-view.ts";
import type { listDeliveriesInput, listRequestsInput } from "./schemas.ts";

const withTemplateName = { template: { select: { name: true } } } as const;

/**
 * The deliveries' views, with the user's name or email beside a platform user's delivery (an in-app
 * recipient is a user id, which says nothing to whoever reads the log); a deleted user keeps the id.
 */
async function deliveryViews(ctx: TenantContext, rows: Parameters<typeof toDeliveryView>[0][]) {
  const userIds = [...new Set(rows.map((r) => r.userId).filter((id): id is string => id !== null))];
  const users = userIds.length
    ? await ctx.db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } })
    : [];
  const names = new Map(users.map((u) => [u.id, u.name ? `${u.name} <${u.email}>` : u.email]));
  return rows.map((row) => ({
    ...toDeliveryView(row),
    recipientName: row.userId ? (names.get(row.userId) ?? null) : null,
  }));
}

/** The tenant's notifications sent, newest first. */
export async function listRequests(ctx: TenantContext, input: z.infer<typeof listRequestsInput>) {
  const where = {
    ...(input.status ? { status: input.status } : {}),
    ...(input.ruleId ? { ruleId: input.ruleId } : {}),
  };
  const [rows, total] = await Promise.all([
    ctx.db.notificationRequest.findMany({
      where,
      include: withTemplateName,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...skipTake(input),
    }),
    ctx.db.notificationRequest.count({ where }),
  ]);
  return { data: rows.map(toRequestView), total, page: input.page, pageSize: input.pageSize };
}

/** One request with its first 100 deliveries (failures first); the rest page through `deliveries`. */
export async function getRequest(ctx: TenantContext, id: string) {
  const row = await ctx.db.notificationRequest.findUnique({ where: { id }, include: withTemplateName });
  if (!row) throw notFound("Notification request");
  const deliveries = await ctx.db.notificationDelivery.findMany({
    where: { requestId: id },
    orderBy: [{ status: "asc" }, { channel: "asc" }, { recipient: "asc" }],
    take: 100,
  });
  return { ...toRequestView(row), deliveries: await deliveryViews(ctx, deliveries) };
}

/** A request's deliveries, by channel and recipient, optionally of one status or channel. */
export async function listDeliveries(ctx: TenantContext, id: string, input: z.infer<typeof listDeliveriesInput>) {
  const request = await ctx.db.notificationRequest.findUnique({ where: { id }, select: { id: true } });
  if (!request) throw notFound("Notification request");
  const where = {
    requestId: id,
    ...(input.status ? { status: input.status } : {}),
    ...(input.channel ? { channel: input.channel } : {}),
  };
  const [rows, total] = await Promise.all([
    ctx.db.notificationDelivery.findMany({
      where,
      orderBy: [{ channel: "asc" }, { recipient: "asc" }],
      ...skipTake(input),
    }),
    ctx.db.notificationDelivery.count({ where }),
  ]);
  return { data: await deliveryViews(ctx, rows), total, page: input.page, pageSize: input.pageSize };
}
