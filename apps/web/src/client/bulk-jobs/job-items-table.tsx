"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { Badge, DataTable, Pagination, QueryView } from "@industryos/ui";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc.ts";

type Item = RouterOutputs["bulkJobs"]["items"]["data"][number];
type Status = Item["status"];

const TONE = { PENDING: "slate", SUCCEEDED: "green", FAILED: "red", SKIPPED: "amber" } as const;
const PAGE_SIZE = 20;

/** What went wrong with a row: each issue with its column, or the runner's error. */
function Problems({ item }: { item: Item }) {
  if (item.issues.length > 0)
    return (
      <ul className="space-y-0.5 whitespace-normal">
        {item.issues.map((issue, i) => (
          <li key={i}>
            {issue.column && <span className="font-medium text-slate-800">{issue.column}: </span>}
            <span className="text-red-700">{issue.message}</span>
          </li>
        ))}
      </ul>
    );
  return item.error ? <span className="whitespace-normal text-red-700">{item.error}</span> : null;
}

/** A job's rows (an import's, by row number) or devices, filtered by outcome; refreshed while the job runs. */
export function JobItemsTable({ jobId, running, rowLabel }: { jobId: string; running: boolean; rowLabel: string }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<Status | "">("");
  const [page, setPage] = useState(1);
  const items = useQuery({
    ...trpc.bulkJobs.items.queryOptions({ id: jobId, page, pageSize: PAGE_SIZE, status: status || undefined }),
    placeholderData: keepPreviousData,
    refetchInterval: running ? 2_000 : false,
  });
  return (
    <div className="space-y-3">
      <select
        aria-label="Show rows"
        value={status}
        onChange={(e) => {
          setStatus(e.target.value as Status | "");
          setPage(1);
        }}
        className="rounded-md border-0 py-1.5 text-sm ring-1 ring-slate-300"
      >
        <option value="">All rows</option>
        <option value="SKIPPED">Refused at validation</option>
        <option value="FAILED">Failed</option>
        <option value="SUCCEEDED">Succeeded</option>
        <option value="PENDING">Waiting</option>
      </select>
      <QueryView
        query={items}
        loadingLabel="Loading rows…"
        isEmpty={(d) => d.total === 0}
        empty={<p className="text-sm text-slate-500">No rows here.</p>}
      >
        {(list) => (
          <>
            <DataTable
              rows={list.data}
              rowKey={(item) => String(item.index)}
              columns={[
                { header: rowLabel, cell: (item) => item.index },
                { header: "Device", cell: (item) => <span className="font-medium">{item.key}</span> },
                { header: "Action", cell: (item) => item.action ?? "—" },
                {
                  header: "Status",
                  cell: (item) => <Badge tone={TONE[item.status]}>{item.status.toLowerCase()}</Badge>,
                },
                { header: "Problems", cell: (item) => <Problems item={item} /> },
              ]}
            />
            <Pagination page={page} pageSize={PAGE_SIZE} total={list.total} onPage={setPage} />
          </>
        )}
      </QueryView>
    </div>
  );
}
