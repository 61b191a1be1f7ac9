import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";

/** The tenant's template (row-level security hides other tenants'), or 404. */
export async function findTemplate(ctx: TenantContext, id: string) {
  const row = await ctx.db.notificationTemplate.findUnique({ where: { id } });
  if (!row) throw notFound("Notification template");
  return row;
}
