import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { assertDashboardExists } from "./find-report-schedule.ts";
import { toScheduleView, withDashboardTitle } from "./report-schedule-view.ts";
import { SCHEDULE_TRANSACTION } from "./schedule-transaction.ts";
import type { createReportScheduleInput } from "./schemas.ts";
import { syncReportSchedule } from "./sync-report-schedule.ts";

export async function createReportSchedule(ctx: TenantContext, input: z.infer<typeof createReportScheduleInput>) {
  await assertDashboardExists(ctx.db, input.dashboardId);
  const row = await ctx.db.$transaction(async (tx) => {
    const created = await tx.reportSchedule.create({
      data: {
        tenantId: ctx.tenantId,
        name: input.name,
        dashboardId: input.dashboardId,
        layout: input.layout,
        frequency: input.frequency,
        dayOfWeek: input.frequency === "WEEKLY" ? input.dayOfWeek! : null,
        timeOfDay: input.timeOfDay,
        timeZone: input.timeZone,
        rangeHours: input.rangeHours,
        recipients: input.recipients,
        enabled: input.enabled,
        createdById: ctx.actor.userId,
      },
      include: withDashboardTitle,
    });
    await syncReportSchedule(ctx.deps, created);
    return created;
  }, SCHEDULE_TRANSACTION);
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "ADDED",
    entityId: row.id,
    entityName: `report: ${row.name}`,
  });
  return toScheduleView(row);
}
