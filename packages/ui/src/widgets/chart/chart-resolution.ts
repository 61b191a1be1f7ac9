import { bucketInterval, MAX_CHART_POINTS } from "../time-window.ts";
import type { DashboardTimeWindow } from "../widget-config.ts";

/** How a chart asks for its window: every point, or one average per bucket. */
export type ChartResolution = { agg: "NONE"; limit: number } | { agg: "AVG"; intervalMs: number; limit: number };

/**
 * Raw points whenever the window holds few enough to draw, so a burst of six readings shows as six
 * points (as on the device page), and buckets only when it does not. The chart first asks for at
 * most `maxPoints` raw points; `rawPointsSeen` is the most any key then received: reaching the
 * limit means there may be more, so the chart asks again for averages.
 */
export function chooseChartResolution(
  window: DashboardTimeWindow,
  rawPointsSeen: number | null,
  maxPoints = MAX_CHART_POINTS,
): ChartResolution {
  if (rawPointsSeen === null || rawPointsSeen < maxPoints) return { agg: "NONE", limit: maxPoints };
  return { agg: "AVG", intervalMs: bucketInterval(window, maxPoints), limit: maxPoints };
}

const UNITS = [
  { ms: 86_400_000, one: "day", many: "days" },
  { ms: 3_600_000, one: "h", many: "h" },
  { ms: 60_000, one: "min", many: "min" },
  { ms: 1000, one: "s", many: "s" },
];

/** "avg per 5 min", "avg per 1 h", "avg per 30 s": what the legend says an aggregated series is. */
export function aggregationLabel(resolution: ChartResolution): string | null {
  if (resolution.agg === "NONE") return null;
  const unit = UNITS.find((u) => resolution.intervalMs % u.ms === 0) ?? UNITS.at(-1)!;
  const count = resolution.intervalMs / unit.ms;
  const amount = count === 1 && unit.one === "day" ? "day" : `${count} ${count === 1 ? unit.one : unit.many}`;
  return `avg per ${amount}`;
}
