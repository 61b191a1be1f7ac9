import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";

/** The tenant's chain (row-level security hides other tenants'), or 404. */
export async function findRuleChain(ctx: TenantContext, id: string) {
  const row = await ctx.db.ruleChain.findUnique({ where: { id } });
  if (!row) throw notFound("Rule chain");
  return row;
}
