// How the API runs a bulk job (CSV device import, bulk attribute update, bulk RPC, bulk delete): the job and its
// items are rows (BulkJob, BulkJobItem) written when the job is validated; starting it marks it RUNNING and starts
// this workflow, which works through the PENDING items in batches. Each item's effect is committed together with
// its status, so a worker restart, an activity retry or a second start never applies an item twice.

export const BULK_JOB_WORKFLOW = "bulkJobWorkflow";

export interface BulkJobInput {
  tenantId: string;
  jobId: string;
}

/** One workflow per job: Temporal refuses a second start with the same id while the first runs or ran. */
export const bulkJobWorkflowId = (jobId: string) => `bulk-job:${jobId}`;
