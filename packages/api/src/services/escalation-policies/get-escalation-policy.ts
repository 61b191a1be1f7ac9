import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { toEscalationPolicyView } from "./escalation-policy-view.ts";
import type { EscalationPolicyView } from "./schemas.ts";

export async function findEscalationPolicy(ctx: TenantContext, id: string) {
  const row = await ctx.db.escalationPolicy.findUnique({ where: { id } });
  if (!row) throw notFound("Escalation policy");
  return row;
}

export async function getEscalationPolicy(ctx: TenantContext, id: string): Promise<EscalationPolicyView> {
  return toEscalationPolicyView(await findEscalationPolicy(ctx, id));
}
