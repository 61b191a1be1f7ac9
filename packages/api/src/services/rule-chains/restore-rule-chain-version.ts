import type { TenantContext } from "../../context.ts";
import { checkDefinition } from "./check-definition.ts";
import { findRuleChainVersion } from "./get-rule-chain-version.ts";
import { announceRuleChainChange } from "./rule-chain-changes.ts";
import { definitionOf, toView } from "./rule-chain-view.ts";
import { saveRuleChainVersion } from "./save-rule-chain-version.ts";

/**
 * Rolls a chain back: the old version's name, nodes and connections are saved as a new version
 * (history is never rewritten). Checked again like any save, as the node library may have changed.
 */
export async function restoreRuleChainVersion(ctx: TenantContext, id: string, version: number) {
  const old = await findRuleChainVersion(ctx, id, version);
  const definition = definitionOf(old.configuration);
  const { warnings } = checkDefinition(definition);
  const row = await saveRuleChainVersion(ctx, id, { name: old.name, definition });
  await announceRuleChainChange(ctx, {
    ruleChainId: id,
    name: row.name,
    actionType: "UPDATED",
    actionData: { version: row.version, restoredFrom: version },
  });
  return { ...toView(row), restoredFrom: version, warnings };
}
