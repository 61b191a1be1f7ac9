import type { TenantContext } from "../../context.ts";
import { checkTemplateAndTargets } from "./check-recipients.ts";
import { toNotificationRuleView, withTemplateName } from "./notification-rule-view.ts";
import { announceNotificationRuleChange } from "./rule-changes.ts";
import type { CreateNotificationRuleInput, NotificationRuleView } from "./schemas.ts";

export async function createNotificationRule(
  ctx: TenantContext,
  input: CreateNotificationRuleInput,
): Promise<NotificationRuleView> {
  await checkTemplateAndTargets(ctx, input);
  const row = await ctx.db.notificationRule.create({
    data: {
      tenantId: ctx.tenantId,
      name: input.name,
      enabled: input.enabled ?? true,
      triggerType: input.triggerType,
      triggerConfig: input.triggerConfig,
      templateId: input.templateId,
      targetIds: [...new Set(input.targetIds)],
    },
    include: withTemplateName,
  });
  await announceNotificationRuleChange(ctx, {
    id: row.id,
    name: row.name,
    actionType: "ADDED",
    kind: "notification rule",
  });
  return toNotificationRuleView(row);
}
