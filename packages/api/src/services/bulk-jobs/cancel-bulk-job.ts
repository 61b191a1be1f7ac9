import type { TenantContext } from "../../context.ts";
import { conflict } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { findBulkJob, toBulkJobView } from "./bulk-job-view.ts";

/**
 * `POST /bulk-jobs/{id}/cancel`: a validated job never runs; a running one stops after the item in hand (its
 * workflow reads the status between items) and its remaining items are marked SKIPPED. Items already done stay done.
 */
export async function cancelBulkJob(ctx: TenantContext, id: string) {
  const job = await findBulkJob(ctx, id);
  const cancelled = await ctx.db.bulkJob.updateMany({
    where: { id, status: { in: ["VALIDATED", "RUNNING"] } },
    data: { status: "CANCELLED", ...(job.status === "VALIDATED" ? { finishedAt: new Date() } : {}) },
  });
  if (cancelled.count === 0) throw conflict(`The job is already ${job.status.toLowerCase()}`);
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, { actionType: "BULK_JOB_CANCELLED", actionData: { jobId: id } });
  return toBulkJobView(await findBulkJob(ctx, id));
}
