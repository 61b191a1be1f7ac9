"use client";
import { Badge, Button, EmptyState, ListPage } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "../trpc.ts";
import { newReportValues, ReportFormDialog } from "./report-form.tsx";
import { scheduleWording } from "./report-wording.ts";

/** /reports: the tenant's scheduled reports, and a dialog to create one. */
export function ReportsPage() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const reports = useQuery(trpc.reports.list.queryOptions({ page, pageSize: 20 }));
  const [open, setOpen] = useState(false);
  const create = useMutation(
    trpc.reports.create.mutationOptions({
      onSuccess: (created) => {
        void queryClient.invalidateQueries({ queryKey: trpc.reports.list.queryKey() });
        router.push(`/reports/${created.id}`);
      },
    }),
  );
  const close = () => {
    setOpen(false);
    create.reset();
  };
  const newButton = <Button onClick={() => setOpen(true)}>New report</Button>;

  return (
    <ListPage
      title="Reports"
      description="A dashboard's data as CSV files, emailed daily or weekly at a time of your choosing."
      actions={newButton}
      query={reports}
      empty={
        <EmptyState title="No scheduled reports" action={newButton}>
          Pick a dashboard, a time and who gets it; you can also run a report at any moment.
        </EmptyState>
      }
      rowKey={(r) => r.id}
      onRowClick={(r) => router.push(`/reports/${r.id}`)}
      paging={{ page, pageSize: 20, onPage: setPage }}
      columns={[
        { header: "Name", cell: (r) => <span className="font-medium">{r.name}</span> },
        { header: "Dashboard", cell: (r) => r.dashboardTitle },
        { header: "When", cell: (r) => scheduleWording(r) },
        { header: "Recipients", cell: (r) => r.recipients.join(", ") },
        { header: "", cell: (r) => (r.enabled ? <Badge tone="green">on schedule</Badge> : <Badge>paused</Badge>) },
      ]}
      card={(r) => (
        <button
          type="button"
          onClick={() => router.push(`/reports/${r.id}`)}
          className="w-full rounded-lg bg-white p-3 text-left text-sm shadow-sm ring-1 ring-slate-200"
        >
          <span className="flex items-center justify-between gap-2">
            <span className="font-medium">{r.name}</span>
            {r.enabled ? <Badge tone="green">on schedule</Badge> : <Badge>paused</Badge>}
          </span>
          <span className="block text-slate-600">{r.dashboardTitle}</span>
          <span className="block text-slate-500">{scheduleWording(r)}</span>
        </button>
      )}
    >
      <ReportFormDialog
        open={open}
        title="New report"
        initial={newReportValues()}
        submitLabel="Create report"
        busy={create.isPending}
        error={create.error}
        onSubmit={(values) => create.mutate({ body: { ...values, dayOfWeek: values.dayOfWeek ?? undefined } })}
        onClose={close}
      />
    </ListPage>
  );
}
