import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { checkDefinition, definitionFrom } from "./check-definition.ts";
import { announceRuleChainChange } from "./rule-chain-changes.ts";
import { toView } from "./rule-chain-view.ts";
import type { createRuleChainInput } from "./schemas.ts";

/**
 * Creates a chain at version 1 (and its first RuleChainVersion). With `root: true` it becomes the
 * tenant's root chain and the previous root stops being one, in the same transaction.
 */
export async function createRuleChain(ctx: TenantContext, input: z.infer<typeof createRuleChainInput>) {
  const definition = definitionFrom(input);
  const { warnings } = checkDefinition(definition);
  const row = await ctx.db.$transaction(async (tx) => {
    if (input.root) await tx.ruleChain.updateMany({ where: { root: true }, data: { root: false } });
    const chain = await tx.ruleChain.create({
      data: {
        tenantId: ctx.tenantId,
        name: input.name,
        root: input.root ?? false,
        debugMode: input.debugMode ?? false,
        configuration: definition as never,
      },
    });
    await tx.ruleChainVersion.create({
      data: {
        tenantId: ctx.tenantId,
        ruleChainId: chain.id,
        version: chain.version,
        name: chain.name,
        configuration: definition as never,
        createdById: ctx.actor.userId,
      },
    });
    return chain;
  });
  await announceRuleChainChange(ctx, {
    ruleChainId: row.id,
    name: row.name,
    actionType: "ADDED",
    ...(row.root ? { actionData: { root: true } } : {}),
  });
  return { ...toView(row), warnings };
}
