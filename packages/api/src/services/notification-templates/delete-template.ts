import type { TenantContext } from "../../context.ts";
import { ApiError, notFound } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";

const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(", ");

/**
 * Deletes a template. Refused (409) while a notification rule or an escalation policy sends with it,
 * or while a notification written with it is still being sent; sent notifications keep their
 * deliveries and lose only the link to the template.
 */
export async function deleteTemplate(ctx: TenantContext, id: string): Promise<void> {
  const template = await ctx.db.$transaction(async (tx) => {
    // Locks the template, so a request being created with it waits for this one.
    const [row] = await tx.$queryRaw<{ id: string; name: string }[]>`
      SELECT id, name FROM "NotificationTemplate" WHERE id = ${id}::uuid FOR UPDATE`;
    if (!row) throw notFound("Notification template");
    const [rules, policies, sending] = await Promise.all([
      tx.notificationRule.findMany({ where: { templateId: id }, select: { name: true } }),
      tx.escalationPolicy.findMany({ select: { name: true, levels: true } }),
      tx.notificationRequest.count({ where: { templateId: id, status: "PROCESSING" } }),
    ]);
    const usingPolicies = policies.filter((p) =>
      (Array.isArray(p.levels) ? p.levels : []).some((level) => (level as { templateId?: unknown }).templateId === id),
    );
    if (rules.length > 0 || usingPolicies.length > 0) {
      const users = [
        ...(rules.length ? [`notification rule ${quoted(rules.map((r) => r.name))}`] : []),
        ...(usingPolicies.length ? [`escalation policy ${quoted(usingPolicies.map((p) => p.name))}`] : []),
      ];
      throw new ApiError("CONFLICT", `The ${users.join(" and ")} sends with this template; choose another there first`);
    }
    if (sending > 0)
      throw new ApiError("CONFLICT", "A notification written with this template is being sent; try again in a minute");
    await tx.notificationRequest.updateMany({ where: { templateId: id }, data: { templateId: null } });
    await tx.notificationTemplate.delete({ where: { id } });
    return row;
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "DELETED",
    entityName: template.name,
    actionData: { notificationTemplateId: id },
  });
}
