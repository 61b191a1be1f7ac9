import { customerFilter } from "../../auth/authorize.ts";
import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";

/**
 * The alarm row, if this caller may see it: another tenant's (row-level security hides it) and,
 * for a customer user, one of another customer (or of no customer) both answer 404.
 */
export async function findVisibleAlarm(ctx: TenantContext, id: string) {
  const row = await ctx.db.alarm.findFirst({ where: { id, ...customerFilter(ctx.actor) } });
  if (!row) throw notFound("Alarm");
  return row;
}
