import type { z } from "zod";
import type { Actor } from "../../actor.ts";
import type { ApiDeps } from "../../deps.ts";
import { notFound } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { getTenant } from "./get-tenant.ts";
import type { updateTenantInput } from "./schemas.ts";
import { limitsOf } from "./tenant-limits.ts";

export async function updateTenant(deps: ApiDeps, actor: Actor, id: string, input: z.infer<typeof updateTenantInput>) {
  const current = await deps.db.system.tenant.findUnique({ where: { id } });
  if (!current) throw notFound("Tenant");
  const settings = {
    ...((current.settings as object | null) ?? {}),
    ...(input.limits ? { limits: { ...limitsOf(current.settings), ...input.limits } } : {}),
  };
  await deps.db.system.tenant.update({
    where: { id },
    data: { ...(input.name ? { name: input.name } : {}), settings },
  });
  await recordAudit(deps.db.system, id, actor, {
    actionType: "UPDATED",
    entityType: "TENANT",
    entityId: id,
    entityName: input.name ?? current.name,
    actionData: input,
  });
  return getTenant(deps, id);
}
