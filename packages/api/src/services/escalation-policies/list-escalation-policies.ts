import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { skipTake } from "../shared/paging.ts";
import { toEscalationPolicyView } from "./escalation-policy-view.ts";
import type { listEscalationPoliciesInput } from "./schemas.ts";

export async function listEscalationPolicies(ctx: TenantContext, input: z.output<typeof listEscalationPoliciesInput>) {
  const where = input.search ? { name: { contains: input.search, mode: "insensitive" as const } } : {};
  const [rows, total] = await Promise.all([
    ctx.db.escalationPolicy.findMany({ where, orderBy: { name: "asc" }, ...skipTake(input) }),
    ctx.db.escalationPolicy.count({ where }),
  ]);
  return { data: rows.map(toEscalationPolicyView), total, page: input.page, pageSize: input.pageSize };
}
