import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { toVersionView } from "./rule-chain-view.ts";

/** One saved state of a chain, whole (name, nodes, connections): the editor diffs it against another. */
export async function findRuleChainVersion(ctx: TenantContext, id: string, version: number) {
  const row = await ctx.db.ruleChainVersion.findFirst({ where: { ruleChainId: id, version } });
  if (!row) throw notFound("Rule chain version");
  return row;
}

export async function getRuleChainVersion(ctx: TenantContext, id: string, version: number) {
  return { ruleChainId: id, ...toVersionView(await findRuleChainVersion(ctx, id, version)) };
}
