import type { DashboardTimeWindow } from "./widget-config.ts";

/** Bucket lengths a chart may use, shortest first. */
const NICE_INTERVALS_MS = [1, 5, 10, 30, 60, 300, 600, 900, 1800, 3600, 10_800, 21_600, 43_200, 86_400, 604_800].map(
  (s) => s * 1000,
);

/** Points a chart asks for at most: about one per two pixels of a wide chart. */
export const MAX_CHART_POINTS = 1000;

export function windowLengthMs(window: DashboardTimeWindow): number {
  return window.type === "realtime" ? window.lastMs : Math.max(1, window.to - window.from);
}

/**
 * Raw points while the window is short enough to hold them, else an aggregation interval: the
 * shortest "nice" bucket that keeps the chart under `maxPoints`, so a long range never
 * fetches more points than it can draw.
 */
export function chooseAggregation(
  window: DashboardTimeWindow,
  expectedRateHz = 1,
  maxPoints = MAX_CHART_POINTS,
): { agg: "NONE" } | { agg: "AVG"; intervalMs: number } {
  const length = windowLengthMs(window);
  if ((length / 1000) * expectedRateHz <= maxPoints) return { agg: "NONE" };
  return { agg: "AVG", intervalMs: bucketInterval(window, maxPoints) };
}

/** The shortest "nice" bucket length that divides the window into at most `maxPoints` buckets. */
export function bucketInterval(window: DashboardTimeWindow, maxPoints = MAX_CHART_POINTS): number {
  const needed = windowLengthMs(window) / maxPoints;
  return NICE_INTERVALS_MS.find((ms) => ms >= needed) ?? Math.ceil(needed);
}

/** The `window` field of a subscribeTimeseries command. */
export function toSubscriptionWindow(window: DashboardTimeWindow): { lastMs: number } | { from: number; to: number } {
  return window.type === "realtime" ? { lastMs: window.lastMs } : { from: window.from, to: window.to };
}

export const REALTIME_PRESETS: Array<{ label: string; lastMs: number }> = [
  { label: "Last 5 minutes", lastMs: 300_000 },
  { label: "Last 15 minutes", lastMs: 900_000 },
  { label: "Last hour", lastMs: 3_600_000 },
  { label: "Last 6 hours", lastMs: 21_600_000 },
  { label: "Last 24 hours", lastMs: 86_400_000 },
  { label: "Last 7 days", lastMs: 604_800_000 },
  { label: "Last 30 days", lastMs: 2_592_000_000 },
];
