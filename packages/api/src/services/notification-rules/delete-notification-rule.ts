import type { TenantContext } from "../../context.ts";
import { findNotificationRule } from "./get-notification-rule.ts";
import { announceNotificationRuleChange } from "./rule-changes.ts";

/**
 * Its past requests stay (the notifications log keeps what was sent) and stop naming it: the foreign key keeps a
 * request from pointing at a rule that no longer exists.
 */
export async function deleteNotificationRule(ctx: TenantContext, id: string): Promise<void> {
  const rule = await findNotificationRule(ctx, id);
  await ctx.db.$transaction(async (tx) => {
    await tx.notificationRequest.updateMany({ where: { ruleId: id }, data: { ruleId: null } });
    await tx.notificationRule.delete({ where: { id } });
  });
  await announceNotificationRuleChange(ctx, { id, name: rule.name, actionType: "DELETED", kind: "notification rule" });
}
