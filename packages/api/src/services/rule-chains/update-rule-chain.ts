import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { checkDefinition, definitionFrom } from "./check-definition.ts";
import { announceRuleChainChange } from "./rule-chain-changes.ts";
import { toView } from "./rule-chain-view.ts";
import { saveRuleChainVersion } from "./save-rule-chain-version.ts";
import type { updateRuleChainInput } from "./schemas.ts";

/** Saves the whole chain again as a new version (version + 1, a RuleChainVersion row). */
export async function updateRuleChain(ctx: TenantContext, id: string, input: z.infer<typeof updateRuleChainInput>) {
  const definition = definitionFrom(input);
  const { warnings } = checkDefinition(definition);
  const row = await saveRuleChainVersion(ctx, id, {
    name: input.name,
    definition,
    debugMode: input.debugMode,
    expectedVersion: input.version,
  });
  await announceRuleChainChange(ctx, {
    ruleChainId: id,
    name: row.name,
    actionType: "UPDATED",
    actionData: { version: row.version },
  });
  return { ...toView(row), warnings };
}
