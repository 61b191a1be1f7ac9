import { NOTIFICATION_RULES_CHANGED_CHANNEL } from "@industryos/device-protocol";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";

/**
 * After every committed change of a tenant's notification rules or escalation policies: the audit log gets its
 * row and the workers drop their copies (NOTIFICATION_RULES_CHANGED_CHANNEL, `{tenantId}`). A failed publish is
 * logged, not answered as an error: the change is committed, and the workers' copies expire on their own.
 */
export async function announceNotificationRuleChange(
  ctx: TenantContext,
  change: { id: string; name: string; actionType: string; kind: "notification rule" | "escalation policy" },
) {
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: change.actionType,
    entityId: change.id,
    entityName: change.name,
    actionData: { kind: change.kind },
  });
  await ctx.deps.redis
    .publish(NOTIFICATION_RULES_CHANGED_CHANNEL, JSON.stringify({ tenantId: ctx.tenantId }))
    .catch((error: unknown) =>
      ctx.deps.logger.warn({ err: error, id: change.id }, `${change.kind} change not published`),
    );
}
