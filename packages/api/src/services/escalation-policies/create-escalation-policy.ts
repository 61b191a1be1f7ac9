import type { TenantContext } from "../../context.ts";
import { announceNotificationRuleChange } from "../notification-rules/rule-changes.ts";
import { checkLevels } from "./check-levels.ts";
import { toEscalationPolicyView } from "./escalation-policy-view.ts";
import type { CreateEscalationPolicyInput, EscalationPolicyView } from "./schemas.ts";

export async function createEscalationPolicy(
  ctx: TenantContext,
  input: CreateEscalationPolicyInput,
): Promise<EscalationPolicyView> {
  await checkLevels(ctx, input.levels);
  const row = await ctx.db.escalationPolicy.create({
    data: {
      tenantId: ctx.tenantId,
      name: input.name,
      enabled: input.enabled ?? true,
      alarmTypes: [...new Set(input.alarmTypes ?? [])],
      severities: [...new Set(input.severities ?? [])],
      levels: input.levels,
      repeatEveryMinutes: input.repeatEveryMinutes ?? null,
      repeatLimit: input.repeatLimit ?? null,
    },
  });
  await announceNotificationRuleChange(ctx, {
    id: row.id,
    name: row.name,
    actionType: "ADDED",
    kind: "escalation policy",
  });
  return toEscalationPolicyView(row);
}
