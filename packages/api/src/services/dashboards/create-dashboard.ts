import { EMPTY_DASHBOARD } from "@industryos/dashboard-schema";
import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { checkReferences } from "./check-references.ts";
import { assertCanEdit } from "./dashboard-access.ts";
import { toView } from "./dashboard-view.ts";
import type { createDashboardInput } from "./schemas.ts";

export async function createDashboard(ctx: TenantContext, input: z.infer<typeof createDashboardInput>) {
  assertCanEdit(ctx);
  const configuration = input.configuration ?? EMPTY_DASHBOARD;
  await checkReferences(ctx, configuration);
  const row = await ctx.db.dashboard.create({
    data: { tenantId: ctx.tenantId, title: input.title, configuration: configuration as never },
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "ADDED",
    entityType: "DASHBOARD",
    entityId: row.id,
    entityName: row.title,
  });
  return toView(row);
}
