import type { BulkJob } from "@industryos/db";
import { notFound } from "../../errors.ts";
import type { BulkJobContext } from "./bulk-job-context.ts";
import type { BulkJobReport, BulkJobView } from "./schemas.ts";

/** What a job's request says about itself, for its one-line summary. */
interface JobInput {
  scope?: string;
  values?: Record<string, unknown>;
  method?: string;
}

function summaryOf(job: BulkJob, report: Partial<BulkJobReport>): string {
  const input = job.input as JobInput;
  const devices = `${job.total} device${job.total === 1 ? "" : "s"}`;
  switch (job.type) {
    case "DEVICE_IMPORT":
      return `Import of ${job.total} row${job.total === 1 ? "" : "s"}: ${report.create ?? 0} to create, ${report.update ?? 0} to update, ${report.invalid ?? 0} with errors`;
    case "ATTRIBUTE_UPDATE":
      return `Set ${input.scope} attribute${Object.keys(input.values ?? {}).length === 1 ? "" : "s"} ${Object.keys(input.values ?? {}).join(", ")} on ${devices}`;
    case "RPC":
      return `Send RPC "${input.method}" to ${devices}`;
    case "DELETE":
      return `Delete ${devices}`;
  }
}

export function toBulkJobView(job: BulkJob): BulkJobView {
  const report = (job.report ?? {}) as Partial<BulkJobReport>;
  const invalid = report.invalid ?? 0;
  const runnable = job.total - invalid;
  return {
    id: job.id,
    type: job.type,
    status: job.status,
    total: job.total,
    processed: job.processed,
    succeeded: job.succeeded,
    failed: job.failed,
    invalid,
    progress: runnable <= 0 ? 100 : Math.min(100, Math.floor((job.processed / runnable) * 100)),
    report,
    summary: summaryOf(job, report),
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

/** The job, if it is this tenant's (row-level security hides any other: 404). */
export async function findBulkJob(ctx: Pick<BulkJobContext, "db">, id: string): Promise<BulkJob> {
  const job = await ctx.db.bulkJob.findUnique({ where: { id } });
  if (!job) throw notFound("Bulk job");
  return job;
}
