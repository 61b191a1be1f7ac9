import { publishRevocation } from "@industryos/realtime/revocation";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanEdit, findVisible } from "./dashboard-access.ts";

export async function deleteDashboard(ctx: TenantContext, id: string): Promise<void> {
  assertCanEdit(ctx);
  const row = await findVisible(ctx, id);
  await ctx.db.dashboard.delete({ where: { id } });
  await publishRevocation(ctx.deps.redis, { kind: "dashboard", id }, ctx.deps.logger);
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "DELETED",
    entityType: "DASHBOARD",
    entityId: id,
    entityName: row.title,
  });
}
