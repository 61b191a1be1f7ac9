import { RULE_CHAINS_CHANGED_CHANNEL } from "@industryos/device-protocol";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";

/**
 * After every committed change of a tenant's chains: workers drop their compiled copies
 * (RULE_CHAINS_CHANGED_CHANNEL, `{tenantId, ruleChainId}`), and the audit log gets its row.
 * A failed publish is logged, not answered as an error: the change is already committed.
 */
export async function announceRuleChainChange(
  ctx: TenantContext,
  change: { ruleChainId: string; name: string; actionType: string; actionData?: Record<string, unknown> },
) {
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: change.actionType,
    entityType: "RULE_CHAIN",
    entityId: change.ruleChainId,
    entityName: change.name,
    actionData: change.actionData,
  });
  await publishRuleChainChange(ctx, change.ruleChainId);
}

export async function publishRuleChainChange(ctx: Pick<TenantContext, "deps" | "tenantId">, ruleChainId: string) {
  await ctx.deps.redis
    .publish(RULE_CHAINS_CHANGED_CHANNEL, JSON.stringify({ tenantId: ctx.tenantId, ruleChainId }))
    .catch((error: unknown) => ctx.deps.logger.warn({ err: error, ruleChainId }, "rule-chain change not published"));
}
