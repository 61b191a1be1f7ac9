import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { toNotificationRuleView, withTemplateName } from "./notification-rule-view.ts";
import type { NotificationRuleView } from "./schemas.ts";

export async function findNotificationRule(ctx: TenantContext, id: string) {
  const row = await ctx.db.notificationRule.findUnique({ where: { id }, include: withTemplateName });
  if (!row) throw notFound("Notification rule");
  return row;
}

export async function getNotificationRule(ctx: TenantContext, id: string): Promise<NotificationRuleView> {
  return toNotificationRuleView(await findNotificationRule(ctx, id));
}
