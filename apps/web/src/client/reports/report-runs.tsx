"use client";
import { Badge, Card, DataTable, EmptyState, Pagination, QueryView, formatDateTime } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc.ts";
import { RUN_TONES } from "./report-wording.ts";

/** A run's files, each a download link to the REST endpoint (the browser sends the session cookie). */
function RunFiles({
  scheduleId,
  run,
}: {
  scheduleId: string;
  run: { id: string; files: Array<{ name: string; rows: number }> };
}) {
  if (run.files.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <ul className="space-y-0.5">
      {run.files.map((f) => (
        <li key={f.name}>
          <a
            className="text-brand-700 hover:underline"
            href={`/api/v1/report-schedules/${scheduleId}/runs/${run.id}/files/${encodeURIComponent(f.name)}`}
            download={f.name}
          >
            {f.name}
          </a>{" "}
          <span className="text-xs text-slate-500">({f.rows === 1 ? "1 row" : `${f.rows} rows`})</span>
        </li>
      ))}
    </ul>
  );
}

/** The schedule's runs, newest first; refreshed every two seconds while one is still running. */
export function ReportRuns({ scheduleId }: { scheduleId: string }) {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const runs = useQuery({
    ...trpc.reports.listRuns.queryOptions({ id: scheduleId, page, pageSize: 20 }),
    refetchInterval: (query) => (query.state.data?.data.some((r) => r.status === "RUNNING") ? 2_000 : false),
  });
  return (
    <Card title="Runs">
      <QueryView
        query={runs}
        loadingLabel="Loading runs…"
        isEmpty={(d) => d.total === 0}
        empty={
          <EmptyState title="No runs yet">Runs appear here when the schedule fires or you press Run now.</EmptyState>
        }
      >
        {(list) => (
          <>
            <DataTable
              rows={list.data}
              rowKey={(r) => r.id}
              columns={[
                { header: "Started", cell: (r) => formatDateTime(r.startedAt) },
                { header: "How", cell: (r) => (r.trigger === "MANUAL" ? "Run now" : "Scheduled") },
                {
                  header: "Status",
                  cell: (r) => (
                    <span className="space-y-1">
                      <Badge tone={RUN_TONES[r.status]}>{r.status.toLowerCase()}</Badge>
                      {r.error && <span className="block max-w-xs text-xs text-slate-600">{r.error}</span>}
                    </span>
                  ),
                },
                { header: "Files", cell: (r) => <RunFiles scheduleId={scheduleId} run={r} /> },
              ]}
            />
            <Pagination page={page} pageSize={20} total={list.total} onPage={setPage} />
          </>
        )}
      </QueryView>
    </Card>
  );
}
