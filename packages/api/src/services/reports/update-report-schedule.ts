import { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { assertDashboardExists, findReportSchedule } from "./find-report-schedule.ts";
import { toScheduleView, withDashboardTitle } from "./report-schedule-view.ts";
import { SCHEDULE_TRANSACTION } from "./schedule-transaction.ts";
import { checkDayOfWeek, type updateReportScheduleInput } from "./schemas.ts";
import { syncReportSchedule } from "./sync-report-schedule.ts";

/** The merged row must still make sense: a schedule switched to WEEKLY needs its day. */
const mergedRules = z.object({ frequency: z.string(), dayOfWeek: z.number().nullable() }).superRefine(checkDayOfWeek);

export async function updateReportSchedule(
  ctx: TenantContext,
  id: string,
  input: z.infer<typeof updateReportScheduleInput>,
) {
  const current = await findReportSchedule(ctx.db, id);
  if (input.dashboardId && input.dashboardId !== current.dashboardId)
    await assertDashboardExists(ctx.db, input.dashboardId);
  const frequency = input.frequency ?? current.frequency;
  const dayOfWeek = frequency === "WEEKLY" ? (input.dayOfWeek ?? current.dayOfWeek) : null;
  mergedRules.parse({ frequency, dayOfWeek });

  const row = await ctx.db.$transaction(async (tx) => {
    const updated = await tx.reportSchedule.update({
      where: { id },
      data: { ...input, frequency, dayOfWeek },
      include: withDashboardTitle,
    });
    await syncReportSchedule(ctx.deps, updated);
    return updated;
  }, SCHEDULE_TRANSACTION);
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "UPDATED",
    entityId: id,
    entityName: `report: ${row.name}`,
    actionData: { changed: Object.keys(input) },
  });
  return toScheduleView(row);
}
