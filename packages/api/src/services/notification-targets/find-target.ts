import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";

/** The tenant's target (row-level security hides other tenants'), or 404. */
export async function findTarget(ctx: TenantContext, id: string) {
  const row = await ctx.db.notificationTarget.findUnique({ where: { id } });
  if (!row) throw notFound("Notification target");
  return row;
}
