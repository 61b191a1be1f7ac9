import type { TenantContext } from "../../context.ts";
import { forbidden, notFound } from "../../errors.ts";

/** Customer users see only the dashboards assigned to their customer. */
export function visibleWhere(ctx: TenantContext) {
  if (ctx.actor.role !== "CUSTOMER_USER") return {};
  return { customerLinks: { some: { customerId: ctx.actor.customerId ?? "00000000-0000-0000-0000-000000000000" } } };
}

export function assertCanEdit(ctx: TenantContext) {
  if (ctx.actor.role === "CUSTOMER_USER") throw forbidden("Customer users see dashboards read-only");
  // Same rule as the REST layer's authorize(): a key with scopes but no "write" is read-only.
  if (ctx.actor.apiKeyId && ctx.actor.scopes?.length && !ctx.actor.scopes.includes("write"))
    throw forbidden("This API key is read-only");
}

export async function findVisible(ctx: TenantContext, id: string) {
  const row = await ctx.db.dashboard.findFirst({
    where: { id, ...visibleWhere(ctx) },
    include: { customerLinks: { select: { customerId: true } } },
  });
  if (!row) throw notFound("Dashboard");
  return row;
}
