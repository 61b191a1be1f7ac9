import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { announceNotificationRuleChange } from "../notification-rules/rule-changes.ts";
import { checkLevels } from "./check-levels.ts";
import { toEscalationPolicyView } from "./escalation-policy-view.ts";
import { findEscalationPolicy } from "./get-escalation-policy.ts";
import type { EscalationPolicyView, UpdateEscalationPolicyInput } from "./schemas.ts";

/**
 * Any of the fields. Escalations already running keep the levels they started with; a disabled (or deleted)
 * policy's escalations stop at their next level.
 */
export async function updateEscalationPolicy(
  ctx: TenantContext,
  id: string,
  input: UpdateEscalationPolicyInput,
): Promise<EscalationPolicyView> {
  const current = await findEscalationPolicy(ctx, id);
  const every = input.repeatEveryMinutes !== undefined ? input.repeatEveryMinutes : current.repeatEveryMinutes;
  const limit = input.repeatLimit !== undefined ? input.repeatLimit : current.repeatLimit;
  if (limit != null && every == null)
    throw new ApiError("VALIDATION_FAILED", "A repeat limit needs a repeat interval", [
      { path: ["repeatLimit"], message: "A repeat limit needs a repeat interval" },
    ]);
  if (input.levels) await checkLevels(ctx, input.levels);
  const row = await ctx.db.escalationPolicy.update({
    where: { id },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      ...(input.alarmTypes !== undefined ? { alarmTypes: [...new Set(input.alarmTypes)] } : {}),
      ...(input.severities !== undefined ? { severities: [...new Set(input.severities)] } : {}),
      ...(input.levels !== undefined ? { levels: input.levels } : {}),
      ...(input.repeatEveryMinutes !== undefined ? { repeatEveryMinutes: input.repeatEveryMinutes } : {}),
      ...(input.repeatLimit !== undefined ? { repeatLimit: input.repeatLimit } : {}),
    },
  });
  await announceNotificationRuleChange(ctx, { id, name: row.name, actionType: "UPDATED", kind: "escalation policy" });
  return toEscalationPolicyView(row);
}
