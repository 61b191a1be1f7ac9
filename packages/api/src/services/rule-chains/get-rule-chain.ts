import type { TenantContext } from "../../context.ts";
import { findRuleChain } from "./find-rule-chain.ts";
import { toView } from "./rule-chain-view.ts";

export async function getRuleChain(ctx: TenantContext, id: string) {
  return toView(await findRuleChain(ctx, id));
}
