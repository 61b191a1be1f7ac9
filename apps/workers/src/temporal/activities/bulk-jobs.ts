import { Context } from "@temporalio/activity";
import { finishBulkJob, runBulkJobBatch, type BatchState, type BulkJobDeps } from "@industryos/api";
import type { BulkJobInput } from "@industryos/temporal-client/workflows/bulk";

/** A job's items, `limit` at a time; the activity heartbeats after each one and stops early on worker shutdown. */
export interface BulkJobBatchInput extends BulkJobInput {
  limit: number;
}

export function createBulkJobActivities({ bulkJobs }: { bulkJobs?: BulkJobDeps }) {
  const deps = () => {
    // Thrown, so Temporal retries the activity (on a worker that has them, or after a fixed deploy).
    if (!bulkJobs) throw new Error("this worker was started without the bulk-job dependencies");
    return bulkJobs;
  };
  return {
    /** Runs the next items of the job: MORE (call again), DONE (none left) or CANCELLED. */
    async runBulkJobItems(input: BulkJobBatchInput): Promise<BatchState> {
      const context = Context.current();
      return runBulkJobBatch(
        deps(),
        { tenantId: input.tenantId, jobId: input.jobId },
        { limit: input.limit, signal: context.cancellationSignal, onItem: (index) => context.heartbeat(index) },
      );
    },
    /** Marks the job COMPLETED, FAILED or (its rest SKIPPED) CANCELLED; returns its final counts. */
    async closeBulkJob(input: BulkJobInput) {
      const job = await finishBulkJob(deps(), input);
      return job && { status: job.status, processed: job.processed, succeeded: job.succeeded, failed: job.failed };
    },
  };
}
