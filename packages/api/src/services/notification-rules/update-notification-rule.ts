import { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { checkTemplateAndTargets } from "./check-recipients.ts";
import { findNotificationRule } from "./get-notification-rule.ts";
import { toNotificationRuleView, withTemplateName } from "./notification-rule-view.ts";
import { announceNotificationRuleChange } from "./rule-changes.ts";
import type { NotificationRuleView, UpdateNotificationRuleInput } from "./schemas.ts";
import { TRIGGER_CONFIGS } from "./trigger-config.ts";

/** The trigger after the change: a new type needs its configuration; a configuration alone fits the current type. */
function nextTrigger(
  current: { triggerType: keyof typeof TRIGGER_CONFIGS; triggerConfig: unknown },
  input: UpdateNotificationRuleInput,
) {
  const triggerType = input.triggerType ?? current.triggerType;
  if (input.triggerConfig === undefined && triggerType === current.triggerType) return null;
  if (input.triggerConfig === undefined && triggerType !== "RULE_NODE")
    throw new ApiError("VALIDATION_FAILED", "A new trigger type needs its triggerConfig", [
      { path: ["triggerConfig"], message: "Configure the new trigger" },
    ]);
  const parsed = TRIGGER_CONFIGS[triggerType].safeParse(input.triggerConfig ?? {});
  if (!parsed.success)
    throw new ApiError(
      "VALIDATION_FAILED",
      `triggerConfig: ${z.prettifyError(parsed.error)}`,
      parsed.error.issues.map((i) => ({ path: ["triggerConfig", ...i.path.map(String)], message: i.message })),
    );
  return { triggerType, triggerConfig: parsed.data as Record<string, unknown> };
}

export async function updateNotificationRule(
  ctx: TenantContext,
  id: string,
  input: UpdateNotificationRuleInput,
): Promise<NotificationRuleView> {
  const current = await findNotificationRule(ctx, id);
  const trigger = nextTrigger(current, input);
  const triggerType = trigger?.triggerType ?? current.triggerType;
  if (input.templateId !== undefined || input.targetIds !== undefined || trigger)
    await checkTemplateAndTargets(ctx, {
      triggerType,
      templateId: input.templateId ?? current.templateId,
      targetIds: input.targetIds ?? current.targetIds,
    });
  const row = await ctx.db.notificationRule.update({
    where: { id },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      ...(input.templateId !== undefined ? { templateId: input.templateId } : {}),
      ...(input.targetIds !== undefined ? { targetIds: [...new Set(input.targetIds)] } : {}),
      ...(trigger ? { triggerType: trigger.triggerType, triggerConfig: trigger.triggerConfig as object } : {}),
    },
    include: withTemplateName,
  });
  await announceNotificationRuleChange(ctx, { id, name: row.name, actionType: "UPDATED", kind: "notification rule" });
  return toNotificationRuleView(row);
}

/** Enable or disable: the workers stop (or start) evaluating it as soon as they hear of the change. */
export async function setNotificationRuleEnabled(
  ctx: TenantContext,
  id: string,
  enabled: boolean,
): Promise<NotificationRuleView> {
  await findNotificationRule(ctx, id);
  const row = await ctx.db.notificationRule.update({ where: { id }, data: { enabled }, include: withTemplateName });
  await announceNotificationRuleChange(ctx, {
    id,
    name: row.name,
    actionType: enabled ? "ENABLED" : "DISABLED",
    kind: "notification rule",
  });
  return toNotificationRuleView(row);
}
