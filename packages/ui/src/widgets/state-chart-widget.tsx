"use client";
import { timeTicks } from "./chart/time-ticks.ts";
import { useChartWindow } from "./chart/use-chart-window.ts";
import { useWindowSeries } from "./chart/use-window-series.ts";
import { toSubscriptionSource } from "./data-source.ts";
import { WidgetNotice } from "./entity-widget-notice.tsx";
import { stateColors, stateSegments, type StateSegment } from "./state-chart/state-segments.ts";
import { MAX_CHART_POINTS } from "./time-window.ts";
import type { DashboardTimeWindow, WidgetConfig } from "./widget-config.ts";
import { entityNames, LiveStatus, WidgetFrame } from "./widget-frame.tsx";

interface TimelineRow {
  id: string;
  label: string;
  segments: StateSegment[];
}

const percent = (ts: number, from: number, to: number) => ((ts - from) / Math.max(1, to - from)) * 100;

/**
 * An on/off (or any enum) timeline per key and device over exactly the dashboard's window: raw
 * points, each state lasting until the next change, coloured by state with a legend.
 */
export function StateChartWidget({
  config,
  timeWindow,
}: {
  config: Extract<WidgetConfig, { kind: "stateChart" }>;
  timeWindow: DashboardTimeWindow;
}) {
  // Averages of states mean nothing: always raw points, as many as a chart ever asks for.
  const { live, configured } = useWindowSeries({
    source: toSubscriptionSource(config.source),
    keys: config.keys.map((k) => k.key).filter((k) => k.length > 0),
    timeWindow,
    resolution: { agg: "NONE", limit: MAX_CHART_POINTS },
    maxPoints: MAX_CHART_POINTS,
  });
  const { from, to } = useChartWindow(timeWindow);
  const axis = timeTicks(from, to, { maxTicks: 5 });
  const names = entityNames(live.entities);
  const several = live.entities.length > 1;
  const rows: TimelineRow[] = live.entities.flatMap((entity) =>
    config.keys
      .filter((k) => k.key)
      .map((k) => ({
        id: `${entity.id}:${k.key}`,
        label: several ? `${entity.name} · ${k.label ?? k.key}` : (k.label ?? k.key),
        segments: stateSegments(live.data[entity.id]?.[k.key] ?? [], from, to),
      })),
  );
  const colors = stateColors(rows.flatMap((r) => r.segments.map((s) => s.state)).sort());
  const empty = rows.every((r) => r.segments.length === 0);
  return (
    <WidgetFrame title={config.title} data={live.data} names={names} status={<LiveStatus {...live} />}>
      {!configured ? (
        <WidgetNotice>Choose a data source and keys in the settings.</WidgetNotice>
      ) : !live.loading && empty ? (
        <WidgetNotice>No states in this time window yet.</WidgetNotice>
      ) : (
        <div className="flex h-full flex-col gap-1 overflow-y-auto text-xs" data-state-chart>
          <ul className="flex flex-wrap gap-x-3 gap-y-1 text-slate-600" aria-label="States">
            {[...colors].map(([state, color]) => (
              <li key={state} className="flex items-center gap-1" data-state-legend={state}>
                <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: color }} />
                {state}
              </li>
            ))}
          </ul>
          {rows.map((row) => (
            <div key={row.id} className="grid grid-cols-[minmax(4rem,8rem)_1fr] items-center gap-2">
              <span className="truncate text-slate-600" title={row.label}>
                {row.label}
              </span>
              <div className="relative h-6 overflow-hidden rounded bg-slate-50" data-state-row={row.label}>
                {row.segments.map((s) => (
                  <div
                    key={s.start}
                    className="absolute inset-y-0"
                    data-state-segment={s.state}
                    title={`${s.state}: ${axis.format(s.start)} – ${axis.format(s.end)}`}
                    style={{
                      left: `${percent(s.start, from, to)}%`,
                      width: `${percent(s.end, from, to) - percent(s.start, from, to)}%`,
                      background: colors.get(s.state),
                    }}
                  />
                ))}
              </div>
            </div>
          ))}
          <div className="grid grid-cols-[minmax(4rem,8rem)_1fr] gap-2 text-slate-400">
            <span />
            {/* A container: on a narrow timeline (a phone) only the window's two ends are labelled, so none overlap. */}
            <div className="@container relative h-4">
              {axis.ticks.map((t, i) => (
                <span
                  key={t}
                  className={`absolute whitespace-nowrap tabular-nums ${
                    i === 0 || i === axis.ticks.length - 1 ? "" : "hidden @xs:inline"
                  }`}
                  style={{
                    left: `${percent(t, from, to)}%`,
                    transform:
                      i === 0 ? undefined : i === axis.ticks.length - 1 ? "translateX(-100%)" : "translateX(-50%)",
                  }}
                >
                  {axis.format(t)}
                </span>
              ))}
            </div>
          </div>
        </div>
      )}
    </WidgetFrame>
  );
}
