"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { Badge } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc.ts";

export type BulkJob = RouterOutputs["bulkJobs"]["get"];

const TONE = { VALIDATED: "blue", RUNNING: "blue", COMPLETED: "green", FAILED: "red", CANCELLED: "amber" } as const;

export function JobStatusBadge({ status }: { status: BulkJob["status"] }) {
  return <Badge tone={TONE[status]}>{status.toLowerCase()}</Badge>;
}

/** The job, read again every second while it runs, so its progress bar moves. */
export function useBulkJob(id: string) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.bulkJobs.get.queryOptions({ id }),
    refetchInterval: (query) => (query.state.data?.status === "RUNNING" ? 1_000 : false),
  });
}

/** A progress bar with the counts beside it in words (screen readers get the bar's value too). */
export function JobProgress({ job }: { job: BulkJob }) {
  const runnable = job.total - job.invalid;
  return (
    <div className="space-y-2">
      <div
        role="progressbar"
        aria-label="Job progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={job.progress}
        className="h-3 w-full overflow-hidden rounded-full bg-slate-100 ring-1 ring-slate-200"
      >
        <div
          className={`h-full transition-all ${job.failed > 0 ? "bg-amber-500" : "bg-brand-600"}`}
          style={{ width: `${job.progress}%` }}
        />
      </div>
      <p className="text-sm text-slate-600">
        {job.processed} of {runnable} done ({job.progress}%) · {job.succeeded} succeeded
        {job.failed > 0 && <span className="text-red-600"> · {job.failed} failed</span>}
        {job.invalid > 0 && <span> · {job.invalid} refused at validation</span>}
      </p>
    </div>
  );
}
