"use client";
import type { toSubscriptionSource } from "../data-source.ts";
import { useLiveData, type LiveState } from "../live-context.tsx";
import { toSubscriptionWindow, windowLengthMs } from "../time-window.ts";
import type { DashboardTimeWindow } from "../widget-config.ts";
import type { ChartResolution } from "./chart-resolution.ts";

/**
 * A chart's telemetry over exactly the dashboard's window: `keys` of the source at `resolution`
 * (raw points or averages per bucket), live; a rolling window forgets points that slid out of it
 * and each key keeps at most `maxPoints`. `configured` is false (nothing subscribed) until the
 * settings name a source and at least one key.
 */
export function useWindowSeries({
  source,
  keys,
  timeWindow,
  resolution,
  maxPoints,
}: {
  source: ReturnType<typeof toSubscriptionSource>;
  keys: string[];
  timeWindow: DashboardTimeWindow;
  resolution: ChartResolution;
  maxPoints: number;
}): { live: LiveState; configured: boolean } {
  const request =
    source && keys.length
      ? {
          type: "subscribeTimeseries" as const,
          ...source,
          keys,
          window: toSubscriptionWindow(timeWindow),
          ...resolution,
        }
      : null;
  const live = useLiveData(request, "series", {
    windowMs: timeWindow.type === "realtime" ? windowLengthMs(timeWindow) : undefined,
    maxPoints,
  });
  return { live, configured: request !== null };
}
