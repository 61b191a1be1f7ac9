import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { findTarget } from "./find-target.ts";

const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(", ");

/**
 * Deletes a target. Refused (409) while a notification rule or an escalation policy names it: they
 * would go on firing with one recipient fewer and nobody would notice. Past requests keep its id.
 */
export async function deleteTarget(ctx: TenantContext, id: string): Promise<void> {
  const target = await findTarget(ctx, id);
  const [rules, policies] = await Promise.all([
    ctx.db.notificationRule.findMany({ where: { targetIds: { has: id } }, select: { name: true } }),
    ctx.db.escalationPolicy.findMany({ select: { name: true, levels: true } }),
  ]);
  const usingPolicies = policies.filter((p) =>
    (Array.isArray(p.levels) ? p.levels : []).some((level) =>
      ((level as { targetIds?: unknown }).targetIds as unknown[] | undefined)?.includes(id),
    ),
  );
  if (rules.length > 0 || usingPolicies.length > 0) {
    const users = [
      ...(rules.length ? [`notification rule ${quoted(rules.map((r) => r.name))}`] : []),
      ...(usingPolicies.length ? [`escalation policy ${quoted(usingPolicies.map((p) => p.name))}`] : []),
    ];
    throw new ApiError("CONFLICT", `The ${users.join(" and ")} sends to this target; remove it there first`);
  }
  await ctx.db.notificationTarget.delete({ where: { id } });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "DELETED",
    entityName: target.name,
    actionData: { notificationTargetId: id, type: target.type },
  });
}
