import { continueAsNew, proxyActivities } from "@temporalio/workflow";
import type { BulkJobInput } from "@industryos/temporal-client/workflows/bulk";
import type { Activities } from "../activities.ts";

/** Items per activity: small enough that a retried batch repeats little, large enough to keep history short. */
const BATCH_SIZE = 50;
/** Batches per run before the workflow continues as new (a 10,000-row job is 200 batches: one run). */
const BATCHES_PER_RUN = 400;

// Each item heartbeats; a worker that dies mid-batch is noticed within the heartbeat timeout and the batch runs
// again elsewhere, skipping the items already committed.
const { runBulkJobItems } = proxyActivities<Activities>({
  startToCloseTimeout: "15 minutes",
  heartbeatTimeout: "30 seconds",
  retry: { initialInterval: "1 second", backoffCoefficient: 2, maximumInterval: "1 minute" },
});
const { closeBulkJob } = proxyActivities<Activities>({
  startToCloseTimeout: "1 minute",
  retry: { initialInterval: "1 second", backoffCoefficient: 2, maximumInterval: "1 minute" },
});

/**
 * One bulk job (`bulk-job:{jobId}`, started by the API): runs its PENDING items batch after batch until none is
 * left or the job is cancelled, then closes it. All state is in the job's rows, so the workflow itself only loops:
 * a restart of the worker, the server or this workflow resumes where the rows say.
 */
export async function bulkJobWorkflow(input: BulkJobInput) {
  for (let batch = 0; batch < BATCHES_PER_RUN; batch++) {
    const state = await runBulkJobItems({ ...input, limit: BATCH_SIZE });
    if (state !== "MORE") return closeBulkJob(input);
  }
  return continueAsNew<typeof bulkJobWorkflow>(input);
}
