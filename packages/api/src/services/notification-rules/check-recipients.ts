import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { templateFits, type NotificationTriggerType } from "./trigger-config.ts";

const TRIGGER_WORDS: Record<NotificationTriggerType, string> = {
  ALARM: "alarm",
  ALARM_UNACKNOWLEDGED: "unacknowledged alarm",
  DEVICE_INACTIVITY: "device inactivity",
  ENTITY_ACTION: "entity action",
  RULE_NODE: "rule chain",
};

/**
 * The template and every target must be the tenant's own (looked up under row-level security, so another
 * tenant's id is simply missing), and the template written for the rule's kind of event. A 422 whose details
 * name the field, for the console to show beside it.
 */
export async function checkTemplateAndTargets(
  ctx: TenantContext,
  input: { triggerType: NotificationTriggerType; templateId: string; targetIds: readonly string[] },
) {
  const [template, targets] = await Promise.all([
    ctx.db.notificationTemplate.findUnique({
      where: { id: input.templateId },
      select: { notificationType: true, name: true },
    }),
    ctx.db.notificationTarget.findMany({ where: { id: { in: [...input.targetIds] } }, select: { id: true } }),
  ]);
  if (!template) throw invalid("templateId", "No such notification template");
  if (!templateFits(input.triggerType, template.notificationType))
    throw invalid(
      "templateId",
      `"${template.name}" is written for ${TRIGGER_WORDS[template.notificationType]} notifications; ` +
        `pick one for ${TRIGGER_WORDS[input.triggerType]} notifications`,
    );
  const found = new Set(targets.map((t) => t.id));
  const missing = input.targetIds.findIndex((id) => !found.has(id));
  if (missing >= 0) throw invalid("targetIds", "No such notification target", [missing]);
}

function invalid(field: string, message: string, at: (string | number)[] = []) {
  return new ApiError("VALIDATION_FAILED", message, [{ path: [field, ...at.map(String)], message }]);
}
