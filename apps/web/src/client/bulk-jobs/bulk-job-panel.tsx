"use client";
import { Button, Card, ConfirmDialog, QueryView } from "@industryos/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "../trpc.ts";
import { JobItemsTable } from "./job-items-table.tsx";
import { JobProgress, JobStatusBadge, useBulkJob, type BulkJob } from "./job-progress.tsx";

/** The validation report of an import: counts, then the mapping the file was read with. */
function ImportReport({ job }: { job: BulkJob }) {
  const r = job.report;
  return (
    <div className="space-y-2 text-sm text-slate-700">
      <p>
        <strong>{r.rows ?? job.total}</strong> rows: <strong>{r.create ?? 0}</strong> to create,{" "}
        <strong>{r.update ?? 0}</strong> to update,{" "}
        <strong className={job.invalid > 0 ? "text-red-600" : undefined}>{job.invalid}</strong> with errors (they will
        not be imported).
      </p>
      {r.columns && (
        <p className="text-slate-500">
          Columns: {r.columns.map((c) => `${c.column} → ${c.key ? `${c.target} ${c.key}` : c.target}`).join(", ")}
          {r.ignoredColumns && r.ignoredColumns.length > 0 && <> · ignored: {r.ignoredColumns.join(", ")}</>}
        </p>
      )}
    </div>
  );
}

/** One bulk job: what it does, its report, start/cancel, the progress bar while it runs, and its rows. */
export function BulkJobPanel({ jobId }: { jobId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const job = useBulkJob(jobId);
  const [cancelling, setCancelling] = useState(false);
  const refresh = (updated: BulkJob) => queryClient.setQueryData(trpc.bulkJobs.get.queryKey({ id: jobId }), updated);
  const start = useMutation(trpc.bulkJobs.start.mutationOptions({ onSuccess: refresh }));
  const cancel = useMutation(
    trpc.bulkJobs.cancel.mutationOptions({
      onSuccess: (updated) => {
        refresh(updated);
        setCancelling(false);
      },
    }),
  );
  return (
    <QueryView query={job} loadingLabel="Loading the job…">
      {(j) => (
        <div className="space-y-4">
          <Card
            title={
              <span className="flex flex-wrap items-center gap-2">
                {j.summary} <JobStatusBadge status={j.status} />
              </span>
            }
            actions={
              <>
                {j.status === "VALIDATED" && (
                  <Button
                    onClick={() => start.mutate({ id: jobId })}
                    busy={start.isPending}
                    disabled={j.total - j.invalid === 0}
                  >
                    {j.type === "DEVICE_IMPORT" ? `Import ${j.total - j.invalid} devices` : "Start"}
                  </Button>
                )}
                {(j.status === "VALIDATED" || j.status === "RUNNING") && (
                  <Button variant="secondary" onClick={() => setCancelling(true)}>
                    Cancel job
                  </Button>
                )}
              </>
            }
          >
            <div className="space-y-4">
              {j.type === "DEVICE_IMPORT" && <ImportReport job={j} />}
              {start.error && (
                <p role="alert" className="text-sm text-red-600">
                  {start.error.message}
                </p>
              )}
              {j.status !== "VALIDATED" && <JobProgress job={j} />}
              {j.status === "COMPLETED" && (
                <p className="text-sm text-slate-600">
                  Finished.{" "}
                  <Link href="/devices" className="text-brand-700 underline">
                    Back to the devices
                  </Link>
                </p>
              )}
            </div>
          </Card>
          <Card title={j.type === "DEVICE_IMPORT" ? "Rows" : "Devices"}>
            <JobItemsTable
              jobId={jobId}
              running={j.status === "RUNNING"}
              rowLabel={j.type === "DEVICE_IMPORT" ? "Row" : "#"}
            />
          </Card>
          <ConfirmDialog
            open={cancelling}
            title="Cancel this job?"
            confirmLabel="Cancel job"
            busy={cancel.isPending}
            error={cancel.error}
            onConfirm={() => cancel.mutate({ id: jobId })}
            onClose={() => setCancelling(false)}
          >
            {j.status === "RUNNING"
              ? "It stops after the device in hand; what is done stays done."
              : "Nothing has been changed yet; the job will not run."}
          </ConfirmDialog>
        </div>
      )}
    </QueryView>
  );
}
