"use client";
import { Card, DataTable, Pagination, formatDateTime } from "@industryos/ui";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "../trpc.ts";

const PAGE_SIZE = 20;

const STATE_WORDS: Record<string, string> = {
  PENDING: "not started",
  IN_PROGRESS: "updating",
  SUCCEEDED: "updated",
  FAILED: "failed",
  TIMED_OUT: "timed out",
};

/** The campaign's devices, a page at a time (read again every 2 s while the campaign is live). */
export function CampaignDevicesCard({ id, live }: { id: string; live: boolean }) {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const devices = useQuery({
    ...trpc.otaCampaigns.devices.queryOptions({ id, page, pageSize: PAGE_SIZE }),
    refetchInterval: live ? 2_000 : false,
    placeholderData: keepPreviousData,
  });
  const total = devices.data?.total ?? 0;
  return (
    <Card title={devices.data ? `Devices (${total})` : "Devices"}>
      {devices.isPending ? (
        <p className="text-sm text-slate-500">Loading the campaign's devices…</p>
      ) : devices.error ? (
        <p className="text-sm text-red-600">The campaign's devices could not be loaded: {devices.error.message}</p>
      ) : total === 0 ? (
        <p className="text-sm text-slate-500">This campaign has no devices.</p>
      ) : (
        <>
          <DataTable
            rows={devices.data.data}
            rowKey={(d) => d.deviceId}
            columns={[
              {
                header: "Device",
                cell: (d) =>
                  d.deviceName === null ? (
                    <span className="text-slate-400">deleted device</span>
                  ) : (
                    <Link href={`/devices/${d.deviceId}`} className="text-brand-600 hover:underline">
                      {d.deviceName}
                    </Link>
                  ),
              },
              { header: "Wave", cell: (d) => d.wave + 1 },
              { header: "State", cell: (d) => STATE_WORDS[d.state] ?? d.state },
              { header: "Last fw_state", cell: (d) => d.lastFwState ?? "—" },
              { header: "Finished", cell: (d) => (d.finishedAt ? formatDateTime(d.finishedAt) : "—") },
            ]}
          />
          {total > PAGE_SIZE && <Pagination page={page} pageSize={PAGE_SIZE} total={total} onPage={setPage} />}
        </>
      )}
    </Card>
  );
}
