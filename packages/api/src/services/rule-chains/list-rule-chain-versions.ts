import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { skipTake } from "../shared/paging.ts";
import { findRuleChain } from "./find-rule-chain.ts";
import { toVersionSummary } from "./rule-chain-view.ts";
import type { listVersionsInput } from "./schemas.ts";

/** Every saved state of a chain, newest first. */
export async function listRuleChainVersions(ctx: TenantContext, id: string, input: z.infer<typeof listVersionsInput>) {
  await findRuleChain(ctx, id);
  const where = { ruleChainId: id };
  const [rows, total] = await Promise.all([
    ctx.db.ruleChainVersion.findMany({ where, orderBy: { version: "desc" }, ...skipTake(input) }),
    ctx.db.ruleChainVersion.count({ where }),
  ]);
  return { data: rows.map(toVersionSummary), total, page: input.page, pageSize: input.pageSize };
}
