import { publishRevocation } from "@industryos/realtime/revocation";
import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { checkReferences } from "./check-references.ts";
import { assertCanEdit, findVisible } from "./dashboard-access.ts";
import { toView } from "./dashboard-view.ts";
import type { updateDashboardInput } from "./schemas.ts";

export async function updateDashboard(ctx: TenantContext, id: string, input: z.infer<typeof updateDashboardInput>) {
  assertCanEdit(ctx);
  await findVisible(ctx, id);
  if (input.configuration) await checkReferences(ctx, input.configuration);
  const row = await ctx.db.dashboard.update({
    where: { id },
    data: {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.configuration !== undefined ? { configuration: input.configuration as never } : {}),
    },
    include: { customerLinks: { select: { customerId: true } } },
  });
  // A public link's viewers may read only what the widgets now show (they reconnect if it changed).
  if (input.configuration) await publishRevocation(ctx.deps.redis, { kind: "dashboard", id }, ctx.deps.logger);
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "UPDATED",
    entityType: "DASHBOARD",
    entityId: id,
    entityName: row.title,
  });
  return toView(row);
}
