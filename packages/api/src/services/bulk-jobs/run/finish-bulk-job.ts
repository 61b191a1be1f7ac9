import type { BulkJobInput } from "@industryos/temporal-client/workflows/bulk";
import type { BulkJobDeps } from "../bulk-job-context.ts";
import { toBulkJobView } from "../bulk-job-view.ts";
import type { BulkJobView } from "../schemas.ts";

/**
 * Closes a job whose items are done or that was cancelled: a cancelled job's remaining items become SKIPPED; a
 * running one becomes COMPLETED, or FAILED when not one item succeeded. Running it again changes nothing.
 */
export async function finishBulkJob(deps: BulkJobDeps, input: BulkJobInput): Promise<BulkJobView | null> {
  const db = deps.db.forTenant(input.tenantId);
  const job = await db.$transaction(async (tx) => {
    const job = await tx.bulkJob.findUnique({ where: { id: input.jobId } });
    if (!job) return null;
    if (job.status === "CANCELLED") {
      await tx.bulkJobItem.updateMany({
        where: { jobId: job.id, status: "PENDING" },
        data: { status: "SKIPPED", error: "The job was cancelled" },
      });
    } else if (job.status === "RUNNING") {
      const pending = await tx.bulkJobItem.count({ where: { jobId: job.id, status: "PENDING" } });
      if (pending > 0) return job;
    } else return job;
    return tx.bulkJob.update({
      where: { id: job.id },
      data: {
        finishedAt: job.finishedAt ?? new Date(),
        ...(job.status === "RUNNING" ? { status: job.succeeded === 0 && job.failed > 0 ? "FAILED" : "COMPLETED" } : {}),
      },
    });
  });
  if (job) deps.logger.info({ jobId: job.id, tenantId: input.tenantId, status: job.status }, "bulk job finished");
  return job ? toBulkJobView(job) : null;
}
