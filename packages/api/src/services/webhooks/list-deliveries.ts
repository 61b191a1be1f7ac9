import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { skipTake } from "../shared/paging.ts";
import { findWebhook } from "./find-webhook.ts";
import type { listDeliveriesInput } from "./schemas.ts";
import { toDeliveryView } from "./webhook-view.ts";

/** A webhook's deliveries, newest first, each with its latest attempts (status code, duration, error) and next attempt. */
export async function listDeliveries(ctx: TenantContext, id: string, input: z.infer<typeof listDeliveriesInput>) {
  await findWebhook(ctx, id);
  const where = {
    webhookId: id,
    ...(input.status ? { status: input.status } : {}),
    ...(input.eventType ? { eventType: input.eventType } : {}),
  };
  const [rows, total] = await Promise.all([
    ctx.db.webhookDelivery.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      include: { attemptsList: { orderBy: { attempt: "desc" }, take: 10 } },
      ...skipTake(input),
    }),
    ctx.db.webhookDelivery.count({ where }),
  ]);
  return { data: rows.map(toDeliveryView), total, page: input.page, pageSize: input.pageSize };
}

/** One delivery of the webhook with every attempt and the exact body posted. */
export async function getDelivery(ctx: TenantContext, id: string, deliveryId: string) {
  await findWebhook(ctx, id);
  const row = await ctx.db.webhookDelivery.findFirst({
    where: { id: deliveryId, webhookId: id },
    include: { attemptsList: { orderBy: { attempt: "desc" } } },
  });
  if (!row) throw notFound("Webhook delivery");
  return { ...toDeliveryView(row), payload: row.payload };
}
