import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import type { EscalationLevel } from "./schemas.ts";

/**
 * Every level's targets and template must be the tenant's own (row-level security hides another tenant's, so
 * they are simply missing), and templates written for alarms: an escalation notifies about an alarm. A 422 whose
 * details point at the level and field.
 */
export async function checkLevels(ctx: TenantContext, levels: readonly EscalationLevel[]) {
  const targetIds = [...new Set(levels.flatMap((l) => l.targetIds))];
  const templateIds = [...new Set(levels.flatMap((l) => (l.templateId ? [l.templateId] : [])))];
  const [targets, templates] = await Promise.all([
    ctx.db.notificationTarget.findMany({ where: { id: { in: targetIds } }, select: { id: true } }),
    ctx.db.notificationTemplate.findMany({
      where: { id: { in: templateIds } },
      select: { id: true, name: true, notificationType: true },
    }),
  ]);
  const knownTargets = new Set(targets.map((t) => t.id));
  const knownTemplates = new Map(templates.map((t) => [t.id, t]));
  const issues: { path: string[]; message: string }[] = [];
  levels.forEach((level, i) => {
    level.targetIds.forEach((id, j) => {
      if (!knownTargets.has(id))
        issues.push({ path: ["levels", String(i), "targetIds", String(j)], message: "No such notification target" });
    });
    if (!level.templateId) return;
    const template = knownTemplates.get(level.templateId);
    if (!template) issues.push({ path: ["levels", String(i), "templateId"], message: "No such notification template" });
    else if (template.notificationType !== "ALARM")
      issues.push({
        path: ["levels", String(i), "templateId"],
        message: `"${template.name}" is not written for alarm notifications`,
      });
  });
  if (issues.length > 0)
    throw new ApiError("VALIDATION_FAILED", `Level ${Number(issues[0]!.path[1]) + 1}: ${issues[0]!.message}`, issues);
}
