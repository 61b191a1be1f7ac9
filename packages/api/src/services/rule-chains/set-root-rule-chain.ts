import type { TenantContext } from "../../context.ts";
import { ApiError, notFound } from "../../errors.ts";
import { isUniqueViolation } from "../../rest/error-response.ts";
import { announceRuleChainChange, publishRuleChainChange } from "./rule-chain-changes.ts";
import { toView } from "./rule-chain-view.ts";

/**
 * Makes a chain the tenant's root chain: the old root is unset and the new one set in one
 * transaction (the partial unique index allows one root per tenant, so the order matters).
 * Does not save a version: which chain is the root is not part of a chain's state.
 */
export async function setRootRuleChain(ctx: TenantContext, id: string) {
  const { row, previous, changed } = await ctx.db
    .$transaction(async (tx) => {
      const chain = await tx.ruleChain.findUnique({ where: { id } });
      if (!chain) throw notFound("Rule chain");
      if (chain.root) return { row: chain, previous: null, changed: false };
      const old = await tx.ruleChain.findFirst({ where: { root: true }, select: { id: true } });
      await tx.ruleChain.updateMany({ where: { root: true }, data: { root: false } });
      const row = await tx.ruleChain.update({ where: { id }, data: { root: true } });
      return { row, previous: old?.id ?? null, changed: true };
    })
    .catch((error: unknown) => {
      // Two "make root" calls at once: one wins, the other may try again.
      if (isUniqueViolation(error))
        throw new ApiError("CONFLICT", "Another chain was made the root meanwhile; try again");
      throw error;
    });
  if (changed) {
    // Workers learn of both chains: the old root no longer receives every message.
    if (previous) await publishRuleChainChange(ctx, previous);
    await announceRuleChainChange(ctx, {
      ruleChainId: id,
      name: row.name,
      actionType: "UPDATED",
      actionData: { root: true, ...(previous ? { previousRoot: previous } : {}) },
    });
  }
  return toView(row);
}
