import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";

/** The tenant's webhook (row-level security hides another tenant's: 404 either way). */
export async function findWebhook(ctx: TenantContext, id: string) {
  const row = await ctx.db.webhook.findFirst({ where: { id } });
  if (!row) throw notFound("Webhook");
  return row;
}
