"use client";
import { Button, ConfirmDialog, DetailPage, ListNotice, QueryView, formatDateTime } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { BackLink } from "../back-link.tsx";
import { useTRPC } from "../trpc.ts";
import { useBackToList } from "../use-back-to-list.ts";
import { useDeleteDialog } from "../use-delete-dialog.ts";
import { useMutationDialog } from "../use-mutation-dialog.ts";
import { ReportFormDialog } from "./report-form.tsx";
import { ReportRuns } from "./report-runs.tsx";
import { LAYOUT_LABELS, rangeWording, scheduleWording } from "./report-wording.ts";

/** /reports/{id}: when the report goes out and to whom, its runs with their CSVs, Run now, edit and delete. */
export function ReportPage() {
  const { id } = useParams<{ id: string }>();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const report = useQuery(trpc.reports.get.queryOptions({ id }));
  const refreshRuns = () => queryClient.invalidateQueries({ queryKey: trpc.reports.listRuns.queryKey({ id }) });
  const runNow = useMutation(trpc.reports.runNow.mutationOptions({ onSettled: refreshRuns }));
  const editing = useMutationDialog(
    (options) => trpc.reports.update.mutationOptions(options),
    () => void queryClient.invalidateQueries({ queryKey: trpc.reports.get.queryKey({ id }) }),
  );
  const deletion = useDeleteDialog(
    (options) => trpc.reports.delete.mutationOptions(options),
    useBackToList(trpc.reports.list.queryKey(), "/reports"),
  );

  return (
    <QueryView query={report} loadingLabel="Loading report…">
      {(r) => (
        <DetailPage
          title={r.name}
          description={<BackLink href="/reports">All reports</BackLink>}
          actions={
            <>
              <Button busy={runNow.isPending} onClick={() => runNow.mutate({ id })}>
                Run now
              </Button>
              <Button variant="secondary" onClick={editing.show}>
                Edit
              </Button>
              <Button variant="secondary" onClick={() => deletion.ask(r)}>
                Delete
              </Button>
            </>
          }
          notice={<ListNotice error={runNow.error} />}
          facts={{
            title: "Schedule",
            rows: [
              [
                "Dashboard",
                <Link key="dashboard" href={`/dashboards/${r.dashboardId}`} className="text-brand-700 hover:underline">
                  {r.dashboardTitle}
                </Link>,
              ],
              ["When", r.enabled ? scheduleWording(r) : `Paused (${scheduleWording(r)})`],
              ["Next run", r.nextRunAt ? formatDateTime(r.nextRunAt) : "—"],
              ["Covers", rangeWording(r.rangeHours)],
              ["Files", LAYOUT_LABELS[r.layout]],
              ["Recipients", r.recipients.join(", ")],
            ],
          }}
          main={<ReportRuns scheduleId={id} />}
        >
          <ReportFormDialog
            {...editing.dialog}
            title="Edit report"
            initial={r}
            submitLabel="Save"
            onSubmit={(values) => editing.save.mutate({ id, body: values })}
          />
          <ConfirmDialog {...deletion.dialog} title={`Delete “${r.name}”?`} confirmLabel="Delete report">
            It will not be sent again, and its past runs and their files are deleted with it.
          </ConfirmDialog>
        </DetailPage>
      )}
    </QueryView>
  );
}
