import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { toView, withCounts } from "./customer-view.ts";

export async function getCustomer(ctx: TenantContext, id: string) {
  const row = await ctx.db.customer.findUnique({ where: { id }, include: withCounts });
  if (!row) throw notFound("Customer");
  return toView(row);
}
