import { BULK_JOB_WORKFLOW, bulkJobWorkflowId, type BulkJobInput } from "@industryos/temporal-client/workflows/bulk";
import type { TenantContext } from "../../context.ts";
import { ApiError, conflict } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { findBulkJob, toBulkJobView } from "./bulk-job-view.ts";

/**
 * `POST /bulk-jobs/{id}/start`: VALIDATED → RUNNING, then the job's workflow (`bulk-job:{id}`) on the workers.
 * Only one caller wins the status change, and Temporal refuses a second workflow of the same id, so starting
 * twice runs the job once. If Temporal cannot be reached the job goes back to VALIDATED (503: try again).
 */
export async function startBulkJob(ctx: TenantContext, id: string) {
  const job = await findBulkJob(ctx, id);
  if (job.status !== "VALIDATED")
    throw conflict(`The job is ${job.status.toLowerCase()}; only a validated job can start`);
  const runnable = await ctx.db.bulkJobItem.count({ where: { jobId: id, status: "PENDING" } });
  if (runnable === 0)
    throw new ApiError("VALIDATION_FAILED", "No row of this job can run: fix the file and import it again");
  const workflowId = bulkJobWorkflowId(id);
  const claimed = await ctx.db.bulkJob.updateMany({
    where: { id, status: "VALIDATED" },
    data: { status: "RUNNING", workflowId },
  });
  if (claimed.count === 0) throw conflict("The job was started or cancelled meanwhile");
  try {
    const client = await ctx.deps.temporal.get();
    const input: BulkJobInput = { tenantId: ctx.tenantId, jobId: id };
    await client.workflow.start(BULK_JOB_WORKFLOW, {
      taskQueue: ctx.deps.temporal.taskQueue,
      workflowId,
      args: [input],
    });
  } catch (error) {
    if ((error as Error).name !== "WorkflowExecutionAlreadyStartedError") {
      await ctx.db.bulkJob.updateMany({
        where: { id, status: "RUNNING" },
        data: { status: "VALIDATED", workflowId: null },
      });
      ctx.deps.logger.error({ err: error, jobId: id }, "bulk job workflow could not be started");
      throw new ApiError(
        "SERVICE_UNAVAILABLE",
        "The job could not be started now (the workers' scheduler does not answer); try again",
      );
    }
  }
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "BULK_JOB_STARTED",
    actionData: { jobId: id, type: job.type },
  });
  return toBulkJobView(await findBulkJob(ctx, id));
}
