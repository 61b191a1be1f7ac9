"use client";
import { Button, EmptyState, ListPage, formatDateTime } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "../trpc.ts";
import { CampaignStatusBadge } from "./campaign-progress.tsx";
import { CreateCampaignDialog } from "./create-campaign-dialog.tsx";

/** /ota-campaigns: staged rollouts, newest first, with their progress; refreshed while any runs. */
export function OtaCampaignsPage() {
  const trpc = useTRPC();
  const router = useRouter();
  const [page, setPage] = useState(1);
  const campaigns = useQuery({
    ...trpc.otaCampaigns.list.queryOptions({ page, pageSize: 20 }),
    refetchInterval: (q) => (q.state.data?.data.some((c) => c.status === "RUNNING") ? 5_000 : false),
  });
  const [open, setOpen] = useState(false);
  const newButton = <Button onClick={() => setOpen(true)}>New campaign</Button>;
  const open_ = (id: string) => router.push(`/ota-campaigns/${id}`);

  return (
    <ListPage
      title="OTA campaigns"
      description="Roll a package out in waves at a bounded rate; a failure share above your threshold pauses or aborts it."
      actions={newButton}
      query={campaigns}
      empty={
        <EmptyState title="No campaigns" action={newButton}>
          Upload a package first, then roll it out to a device profile in stages.
        </EmptyState>
      }
      rowKey={(c) => c.id}
      onRowClick={(c) => open_(c.id)}
      paging={{ page, pageSize: 20, onPage: setPage }}
      columns={[
        { header: "Name", cell: (c) => <span className="font-medium">{c.name}</span> },
        { header: "Status", cell: (c) => <CampaignStatusBadge status={c.status} /> },
        { header: "Devices", cell: (c) => c.total },
        { header: "Finished", cell: (c) => `${c.progress}%` },
        { header: "Failed", cell: (c) => (c.failed ? <span className="text-red-600">{c.failed}</span> : 0) },
        { header: "Wave", cell: (c) => `${c.currentWave + 1} of ${c.waves.length}` },
        { header: "Started", cell: (c) => formatDateTime(c.createdAt) },
      ]}
      card={(c) => (
        <button
          type="button"
          onClick={() => open_(c.id)}
          className="w-full rounded-lg bg-white p-3 text-left text-sm shadow-sm ring-1 ring-slate-200"
        >
          <span className="flex items-center justify-between gap-2">
            <span className="font-medium">{c.name}</span>
            <CampaignStatusBadge status={c.status} />
          </span>
          <span className="block text-slate-500">
            {c.total} devices · {c.progress}% finished · {c.failed} failed
          </span>
        </button>
      )}
    >
      <CreateCampaignDialog open={open} onClose={() => setOpen(false)} />
    </ListPage>
  );
}
