import {
  REPORT_RUN_WORKFLOW,
  reportRunWorkflowId,
  type ReportRunInput,
} from "@industryos/temporal-client/workflows/reports";
import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { findReportSchedule } from "./find-report-schedule.ts";
import { toRunView } from "./report-run-view.ts";

/**
 * Runs a report at once, whatever its schedule says (a disabled one too): the run row first, so the caller gets
 * its id to follow, then the workflow for that row. If Temporal cannot take it, the run is recorded as failed.
 */
export async function runReportNow(ctx: TenantContext, scheduleId: string) {
  const schedule = await findReportSchedule(ctx.db, scheduleId);
  const run = await ctx.db.reportRun.create({ data: { tenantId: ctx.tenantId, scheduleId, trigger: "MANUAL" } });
  const input: ReportRunInput = { tenantId: ctx.tenantId, scheduleId, trigger: "MANUAL", runId: run.id };
  try {
    const client = await ctx.deps.temporal.get();
    await client.workflow.start(REPORT_RUN_WORKFLOW, {
      workflowId: reportRunWorkflowId(run.id),
      taskQueue: ctx.deps.temporal.taskQueue,
      args: [input],
      workflowExecutionTimeout: "1 hour",
    });
  } catch (error) {
    ctx.deps.logger.warn({ err: (error as Error).message, scheduleId }, "report run: Temporal did not take it");
    await ctx.db.reportRun.update({
      where: { id: run.id },
      data: { status: "FAILED", finishedAt: new Date(), error: "The scheduler (Temporal) was not reachable" },
    });
    throw new ApiError("SERVICE_UNAVAILABLE", "The scheduler (Temporal) is not reachable; try again in a minute");
  }
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "REPORT_RUN",
    entityId: scheduleId,
    entityName: `report: ${schedule.name}`,
    actionData: { runId: run.id },
  });
  return toRunView(run);
}
