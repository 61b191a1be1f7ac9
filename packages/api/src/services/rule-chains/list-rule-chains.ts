import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { skipTake } from "../shared/paging.ts";
import { ensureRootRuleChain } from "./default-rule-chain.ts";
import { toSummary } from "./rule-chain-view.ts";
import type { listRuleChainsInput } from "./schemas.ts";

/** The tenant's chains, root first, then by name. A tenant from before rule chains gets its default root chain here. */
export async function listRuleChains(ctx: TenantContext, input: z.infer<typeof listRuleChainsInput>) {
  await ensureRootRuleChain(ctx);
  const where = input.search ? { name: { contains: input.search, mode: "insensitive" as const } } : {};
  const [rows, total] = await Promise.all([
    ctx.db.ruleChain.findMany({
      where,
      orderBy: [{ root: "desc" }, { name: "asc" }, { id: "asc" }],
      ...skipTake(input),
    }),
    ctx.db.ruleChain.count({ where }),
  ]);
  return { data: rows.map(toSummary), total, page: input.page, pageSize: input.pageSize };
}
