"use client";
import { Card, DataTable, QueryView, formatDateTime } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "../trpc.ts";
import { JobStatusBadge } from "./job-progress.tsx";

/** The tenant's latest bulk jobs (imports and bulk actions), each opening its page; refreshed while one runs. */
export function RecentJobs() {
  const trpc = useTRPC();
  const router = useRouter();
  const jobs = useQuery({
    ...trpc.bulkJobs.list.queryOptions({ page: 1, pageSize: 10 }),
    refetchInterval: (query) => (query.state.data?.data.some((j) => j.status === "RUNNING") ? 2_000 : false),
  });
  return (
    <Card title="Recent bulk jobs">
      <QueryView
        query={jobs}
        loadingLabel="Loading jobs…"
        isEmpty={(d) => d.total === 0}
        empty={<p className="text-sm text-slate-500">No bulk jobs yet.</p>}
      >
        {(list) => (
          <DataTable
            rows={list.data}
            rowKey={(j) => j.id}
            onRowClick={(j) => router.push(`/bulk-jobs/${j.id}`)}
            columns={[
              { header: "Job", cell: (j) => <span className="whitespace-normal">{j.summary}</span> },
              { header: "Status", cell: (j) => <JobStatusBadge status={j.status} /> },
              { header: "Progress", cell: (j) => (j.status === "VALIDATED" ? "—" : `${j.progress}%`) },
              { header: "Created", cell: (j) => formatDateTime(j.createdAt) },
            ]}
          />
        )}
      </QueryView>
    </Card>
  );
}
