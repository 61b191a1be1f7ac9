"use client";
import { useCallback, useState } from "react";
import type { EntityData } from "@industryos/realtime/client";
import type { DashboardTimeWindow } from "../widget-config.ts";
import { chooseChartResolution, type ChartResolution } from "./chart-resolution.ts";

/** The most points any key of any entity holds. */
export function mostPoints(data: EntityData): number {
  let most = 0;
  for (const byKey of Object.values(data)) {
    for (const points of Object.values(byKey)) most = Math.max(most, points.length);
  }
  return most;
}

/**
 * Raw first; once a raw answer for this `scope` (source, keys and window) filled the limit, buckets
 * for as long as the scope stays the same, so the chart does not flip back and forth while live
 * points arrive. `noteRawPoints` is told how many points the raw answer held.
 */
export function useChartResolution(
  window: DashboardTimeWindow,
  scope: string,
): { resolution: ChartResolution; noteRawPoints: (count: number) => void } {
  const [seen, setSeen] = useState<{ scope: string; count: number } | null>(null);
  const rawSeen = seen?.scope === scope ? seen.count : null;
  const resolution = chooseChartResolution(window, rawSeen);
  const noteRawPoints = useCallback(
    (count: number) => {
      if (count >= resolution.limit) setSeen((s) => (s?.scope === scope && s.count >= count ? s : { scope, count }));
    },
    [scope, resolution.limit],
  );
  return { resolution, noteRawPoints };
}
