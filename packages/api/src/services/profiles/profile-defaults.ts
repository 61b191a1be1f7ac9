import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";

interface DefaultFields {
  defaultRuleChainId?: string | null;
  defaultDashboardId?: string | null;
}

/**
 * A profile's default rule chain and dashboard must be the tenant's own. Read through the tenant's
 * row-level-security client: a foreign key alone would accept another tenant's id.
 */
export async function assertProfileDefaults(ctx: TenantContext, input: DefaultFields) {
  const [chain, dashboard] = await Promise.all([
    input.defaultRuleChainId
      ? ctx.db.ruleChain.findFirst({ where: { id: input.defaultRuleChainId }, select: { id: true } })
      : true,
    input.defaultDashboardId
      ? ctx.db.dashboard.findFirst({ where: { id: input.defaultDashboardId }, select: { id: true } })
      : true,
  ]);
  const issues = [
    ...(chain ? [] : [{ path: ["defaultRuleChainId"], message: "No rule chain of this workspace has this id" }]),
    ...(dashboard ? [] : [{ path: ["defaultDashboardId"], message: "No dashboard of this workspace has this id" }]),
  ];
  if (issues.length) throw new ApiError("VALIDATION_FAILED", issues[0]!.message, issues);
}

/** The defaults' columns to write: only those the input names (null clears one). */
export function profileDefaultsData(
  kind: "device" | "asset",
  input: DefaultFields & { defaultQueueName?: string | null },
) {
  return {
    ...(input.defaultRuleChainId !== undefined ? { defaultRuleChainId: input.defaultRuleChainId } : {}),
    ...(input.defaultDashboardId !== undefined ? { defaultDashboardId: input.defaultDashboardId } : {}),
    ...(kind === "device" && input.defaultQueueName !== undefined ? { defaultQueueName: input.defaultQueueName } : {}),
  };
}
