import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { skipTake } from "../shared/paging.ts";
import { toDeliveryView, toRequestView } from "./request-view.ts";
import type { listDeliveriesInput, listRequestsInput } from "./schemas.ts";

const withTemplateName = { template: { select: { name: true } } } as const;

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
  return { ...toRequestView(row), deliveries: deliveries.map(toDeliveryView) };
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
  return { data: rows.map(toDeliveryView), total, page: input.page, pageSize: input.pageSize };
}
