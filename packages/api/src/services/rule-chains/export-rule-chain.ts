import type { TenantContext } from "../../context.ts";
import { findRuleChain } from "./find-rule-chain.ts";
import { definitionOf } from "./rule-chain-view.ts";

/** The portable JSON of a chain: name, nodes and connections (what `import` takes). */
export async function exportRuleChain(ctx: TenantContext, id: string) {
  const row = await findRuleChain(ctx, id);
  const { nodes, connections } = definitionOf(row.configuration);
  return { name: row.name, nodes, connections };
}
