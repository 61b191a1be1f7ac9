"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { SeverityBadge, highestSeverity } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../trpc.ts";
import { ALARM_REFRESH_MS } from "./alarm-links.ts";

type CountsView = RouterOutputs["alarms"]["counts"];
/** One entity's counts: the same shape as the total's. */
type Counts = Pick<CountsView, "total" | "unacknowledged" | "bySeverity">;

/** The counts of one requested originator (present whenever `originatorId` was given). */
export function countsOf(view: CountsView | undefined, id: string): Counts | undefined {
  return view && "byOriginator" in view ? view.byOriginator?.[id] : undefined;
}

/** Active alarm counts of these entities (one call for a page of rows), refreshed every few seconds. */
export function useAlarmCounts(originatorIds: string[]) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.alarms.counts.queryOptions({ originatorId: originatorIds }),
    enabled: originatorIds.length > 0,
    refetchInterval: ALARM_REFRESH_MS,
  });
}

/** The highest active severity and how many alarms are active, or nothing when none is. */
export function AlarmCountBadge({ counts, name }: { counts: Counts | undefined; name: string }) {
  const top = counts && counts.total > 0 ? highestSeverity(counts.bySeverity as Record<string, number>) : null;
  if (!counts || !top) return null;
  const label = `${counts.total} active alarm${counts.total === 1 ? "" : "s"} on ${name}, the highest ${top.toLowerCase()}${
    counts.unacknowledged ? `, ${counts.unacknowledged} unacknowledged` : ""
  }`;
  return (
    <span data-testid="alarm-count" aria-label={label} title={label}>
      <SeverityBadge severity={top} count={counts.total} />
    </span>
  );
}

/** On the device page: its active alarms' badge, linking to the alarms page showing only the device's. */
export function DeviceAlarmsSummary({ deviceId, name }: { deviceId: string; name: string }) {
  const counts = useAlarmCounts([deviceId]);
  const mine = countsOf(counts.data, deviceId);
  if (!mine) return null;
  return mine.total > 0 ? (
    <Link href={`/alarms?originatorId=${deviceId}`} className="inline-flex hover:opacity-80">
      <AlarmCountBadge counts={mine} name={name} />
    </Link>
  ) : (
    <span className="text-xs font-normal text-slate-400" data-testid="alarm-count-none">
      no active alarms
    </span>
  );
}
