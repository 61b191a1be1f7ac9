"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { Badge } from "@industryos/ui";

export type Campaign = RouterOutputs["otaCampaigns"]["get"];

const TONE = { RUNNING: "blue", PAUSED: "amber", COMPLETED: "green", ABORTED: "red", CANCELLED: "amber" } as const;

export function CampaignStatusBadge({ status }: { status: Campaign["status"] }) {
  return <Badge tone={TONE[status]}>{status.toLowerCase()}</Badge>;
}

/** The rollout's bar (succeeded green, failed red, in progress blue) and its counts in words. */
export function CampaignProgress({ campaign }: { campaign: Campaign }) {
  const { counts, total } = campaign;
  const share = (n: number) => (total === 0 ? 0 : (n / total) * 100);
  const failed = counts.FAILED + counts.TIMED_OUT;
  return (
    <div className="space-y-2">
      <div
        role="progressbar"
        aria-label="Campaign progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={campaign.progress}
        className="flex h-3 w-full overflow-hidden rounded-full bg-slate-100 ring-1 ring-slate-200"
      >
        <div className="h-full bg-green-600 transition-all" style={{ width: `${share(counts.SUCCEEDED)}%` }} />
        <div className="h-full bg-red-500 transition-all" style={{ width: `${share(failed)}%` }} />
        <div className="h-full bg-brand-300 transition-all" style={{ width: `${share(counts.IN_PROGRESS)}%` }} />
      </div>
      <p className="text-sm text-slate-600" data-testid="campaign-counts">
        {campaign.progress}% finished · {counts.SUCCEEDED} updated ·{" "}
        <span className={failed ? "text-red-600" : ""}>{failed} failed</span> · {counts.IN_PROGRESS - campaign.waiting}{" "}
        updating · {campaign.waiting} waiting offline · {counts.PENDING} not started · wave {campaign.currentWave + 1}{" "}
        of {campaign.waves.length}
      </p>
    </div>
  );
}
