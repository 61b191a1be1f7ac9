import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { findReportSchedule } from "./find-report-schedule.ts";
import { SCHEDULE_TRANSACTION } from "./schedule-transaction.ts";
import { removeReportSchedule } from "./sync-report-schedule.ts";

/** Deletes the schedule, its runs (cascade) and its Temporal schedule; a run in progress finds the row gone and stops. */
export async function deleteReportSchedule(ctx: TenantContext, id: string): Promise<void> {
  const row = await findReportSchedule(ctx.db, id);
  await ctx.db.$transaction(async (tx) => {
    await tx.reportSchedule.delete({ where: { id } });
    await removeReportSchedule(ctx.deps, id);
  }, SCHEDULE_TRANSACTION);
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "DELETED",
    entityId: id,
    entityName: `report: ${row.name}`,
  });
}
