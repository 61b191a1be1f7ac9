"use client";
import { Button, Card, ConfirmDialog, DataTable, ErrorState, QueryView, formatDateTime } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "../trpc.ts";
import { CampaignDevicesCard } from "./campaign-devices-card.tsx";
import { campaignTargetInWords } from "./campaign-target.ts";
import { CampaignProgress, CampaignStatusBadge } from "./campaign-progress.tsx";

/** /ota-campaigns/{id}: live progress (read every 2 s while it runs), failing devices, all its devices, pause/resume/cancel. */
export function OtaCampaignPage() {
  const { id } = useParams<{ id: string }>();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const campaign = useQuery({
    ...trpc.otaCampaigns.get.queryOptions({ id }),
    refetchInterval: (q) => (["RUNNING", "PAUSED"].includes(q.state.data?.status ?? "") ? 2_000 : false),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.otaCampaigns.get.queryKey({ id }) });
  const pause = useMutation(trpc.otaCampaigns.pause.mutationOptions({ onSuccess: refresh }));
  const resume = useMutation(trpc.otaCampaigns.resume.mutationOptions({ onSuccess: refresh }));
  const [cancelling, setCancelling] = useState(false);
  const cancel = useMutation(
    trpc.otaCampaigns.cancel.mutationOptions({
      onSuccess: () => {
        setCancelling(false);
        void refresh();
      },
    }),
  );
  if (campaign.error?.data?.code === "NOT_FOUND")
    return <ErrorState error="This campaign does not exist, or you do not have access to it." />;
  const controlError = pause.error ?? resume.error;

  return (
    <QueryView query={campaign} loadingLabel="Loading campaign…">
      {(c) => (
        <div className="space-y-6">
          <div>
            <Link href="/ota-campaigns" className="text-sm text-slate-500 hover:text-slate-700">
              ← All campaigns
            </Link>
            <div className="mt-2 flex flex-wrap items-center justify-between gap-4">
              <div>
                <h1 className="flex items-center gap-3 text-2xl font-semibold tracking-tight">
                  {c.name} <CampaignStatusBadge status={c.status} />
                </h1>
                <p className="mt-1 text-sm text-slate-500">
                  {c.package ? `${c.package.title} ${c.package.version}` : "package deleted"} · {c.total} devices of{" "}
                  {campaignTargetInWords(c.target)} · waves {c.waves.join(" → ")} % · at most {c.maxDevicesPerMinute}
                  /min · stops at {c.failureThresholdPercent} % failed ({c.onThreshold.toLowerCase()}) · started{" "}
                  {formatDateTime(c.createdAt)}
                </p>
              </div>
              <div className="flex gap-2">
                {c.status === "RUNNING" && (
                  <Button variant="secondary" busy={pause.isPending} onClick={() => pause.mutate({ id })}>
                    Pause
                  </Button>
                )}
                {c.status === "PAUSED" && (
                  <Button busy={resume.isPending} onClick={() => resume.mutate({ id })}>
                    Resume
                  </Button>
                )}
                {["RUNNING", "PAUSED"].includes(c.status) && (
                  <Button variant="danger" onClick={() => setCancelling(true)}>
                    Cancel campaign
                  </Button>
                )}
              </div>
            </div>
            {controlError && (
              <p role="alert" className="mt-2 text-sm text-red-600">
                {controlError.message}
              </p>
            )}
          </div>
          <Card title="Progress">
            <CampaignProgress campaign={c} />
          </Card>
          <Card title={`Failing devices (${c.counts.FAILED + c.counts.TIMED_OUT})`}>
            {c.failing.length === 0 ? (
              <p className="text-sm text-slate-500">No device has failed.</p>
            ) : (
              <DataTable
                rows={c.failing}
                rowKey={(f) => f.deviceId}
                columns={[
                  {
                    header: "Device",
                    cell: (f) => (
                      <Link href={`/devices/${f.deviceId}`} className="text-brand-600 hover:underline">
                        {f.deviceName}
                      </Link>
                    ),
                  },
                  { header: "Outcome", cell: (f) => (f.state === "TIMED_OUT" ? "timed out" : "failed") },
                  { header: "Last fw_state", cell: (f) => f.lastFwState ?? "—" },
                  { header: "Error", cell: (f) => f.error ?? "—" },
                  { header: "When", cell: (f) => formatDateTime(f.finishedAt) },
                ]}
              />
            )}
          </Card>
          <CampaignDevicesCard id={id} live={["RUNNING", "PAUSED"].includes(c.status)} />
          <ConfirmDialog
            open={cancelling}
            title="Cancel this campaign?"
            confirmLabel="Cancel campaign"
            busy={cancel.isPending}
            error={cancel.error}
            onConfirm={() => cancel.mutate({ id })}
            onClose={() => {
              setCancelling(false);
              cancel.reset();
            }}
          >
            No further device is given the package. Devices already updating carry on.
          </ConfirmDialog>
        </div>
      )}
    </QueryView>
  );
}
