"use client";
import { Button, Card, ConfirmDialog, ListNotice, PageHeader, QueryView, formatDateTime } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { useTRPC } from "../trpc.ts";
import { ReportFormDialog } from "./report-form.tsx";
import { ReportRuns } from "./report-runs.tsx";
import { LAYOUT_LABELS, rangeWording, scheduleWording } from "./report-wording.ts";

/** /reports/{id}: when the report goes out and to whom, its runs with their CSVs, Run now, edit and delete. */
export function ReportPage() {
  const { id } = useParams<{ id: string }>();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const report = useQuery(trpc.reports.get.queryOptions({ id }));
  const refreshRuns = () => queryClient.invalidateQueries({ queryKey: trpc.reports.listRuns.queryKey({ id }) });
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const runNow = useMutation(trpc.reports.runNow.mutationOptions({ onSettled: refreshRuns }));
  const update = useMutation(
    trpc.reports.update.mutationOptions({
      onSuccess: () => {
        setEditing(false);
        void queryClient.invalidateQueries({ queryKey: trpc.reports.get.queryKey({ id }) });
      },
    }),
  );
  const remove = useMutation(
    trpc.reports.delete.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.reports.list.queryKey() });
        router.push("/reports");
      },
    }),
  );

  return (
    <QueryView query={report} loadingLabel="Loading report…">
      {(r) => (
        <>
          <PageHeader
            title={r.name}
            description={
              <Link href="/reports" className="text-brand-700 hover:underline">
                ← All reports
              </Link>
            }
            actions={
              <>
                <Button busy={runNow.isPending} onClick={() => runNow.mutate({ id })}>
                  Run now
                </Button>
                <Button variant="secondary" onClick={() => setEditing(true)}>
                  Edit
                </Button>
                <Button variant="secondary" onClick={() => setDeleting(true)}>
                  Delete
                </Button>
              </>
            }
          />
          <div className="mb-3">
            <ListNotice error={runNow.error} />
          </div>
          <div className="grid gap-4 lg:grid-cols-3">
            <Card title="Schedule" className="lg:col-span-1">
              <dl className="space-y-2 text-sm">
                <Detail label="Dashboard">
                  <Link href={`/dashboards/${r.dashboardId}`} className="text-brand-700 hover:underline">
                    {r.dashboardTitle}
                  </Link>
                </Detail>
                <Detail label="When">{r.enabled ? scheduleWording(r) : `Paused (${scheduleWording(r)})`}</Detail>
                <Detail label="Next run">{r.nextRunAt ? formatDateTime(r.nextRunAt) : "—"}</Detail>
                <Detail label="Covers">{rangeWording(r.rangeHours)}</Detail>
                <Detail label="Files">{LAYOUT_LABELS[r.layout]}</Detail>
                <Detail label="Recipients">{r.recipients.join(", ")}</Detail>
              </dl>
            </Card>
            <div className="lg:col-span-2">
              <ReportRuns scheduleId={id} />
            </div>
          </div>
          <ReportFormDialog
            open={editing}
            title="Edit report"
            initial={r}
            submitLabel="Save"
            busy={update.isPending}
            error={update.error}
            onSubmit={(values) => update.mutate({ id, body: values })}
            onClose={() => {
              setEditing(false);
              update.reset();
            }}
          />
          <ConfirmDialog
            open={deleting}
            title={`Delete “${r.name}”?`}
            confirmLabel="Delete report"
            busy={remove.isPending}
            error={remove.error}
            onConfirm={() => remove.mutate({ id })}
            onClose={() => {
              setDeleting(false);
              remove.reset();
            }}
          >
            It will not be sent again, and its past runs and their files are deleted with it.
          </ConfirmDialog>
        </>
      )}
    </QueryView>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col sm:flex-row sm:gap-3">
      <dt className="w-28 shrink-0 text-slate-500">{label}</dt>
      <dd className="text-slate-800">{children}</dd>
    </div>
  );
}
