import type { TenantContext } from "../../context.ts";
import { announceNotificationRuleChange } from "../notification-rules/rule-changes.ts";
import { findEscalationPolicy } from "./get-escalation-policy.ts";

/**
 * Its escalations' rows go with it (their notification requests stay in the log); a running escalation finds its
 * row gone at its next level and stops without notifying.
 */
export async function deleteEscalationPolicy(ctx: TenantContext, id: string): Promise<void> {
  const policy = await findEscalationPolicy(ctx, id);
  await ctx.db.escalationPolicy.delete({ where: { id } });
  await announceNotificationRuleChange(ctx, {
    id,
    name: policy.name,
    actionType: "DELETED",
    kind: "escalation policy",
  });
}
