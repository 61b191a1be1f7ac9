"use client";
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { EntityData } from "@industryos/realtime/client";
import { toSubscriptionSource } from "./data-source.ts";
import { useLiveData } from "./live-context.tsx";
import { chooseAggregation, MAX_CHART_POINTS, toSubscriptionWindow, windowLengthMs } from "./time-window.ts";
import { formatKeyValue } from "./thresholds.ts";
import type { DashboardTimeWindow, KeySettings, WidgetConfig } from "./widget-config.ts";
import { entityNames, LiveStatus, WidgetFrame } from "./widget-frame.tsx";

const PALETTE = ["#2563eb", "#16a34a", "#dc2626", "#9333ea", "#ea580c", "#0891b2", "#4d7c0f", "#be185d"];

interface Series {
  id: string;
  label: string;
  color: string;
  settings: KeySettings;
}

/** Rows keyed by time, one column per entity×key, the shape Recharts draws. */
export function toChartRows(data: EntityData, keys: KeySettings[], names: Record<string, string>) {
  const series: Series[] = [];
  const rows = new Map<number, Record<string, number>>();
  for (const [entityId, byKey] of Object.entries(data)) {
    for (const settings of keys) {
      const id = `${entityId}:${settings.key}`;
      const multi = Object.keys(data).length > 1;
      const label = `${settings.label ?? settings.key}${multi ? ` (${names[entityId] ?? entityId.slice(0, 8)})` : ""}`;
      series.push({ id, label, color: settings.color ?? PALETTE[series.length % PALETTE.length]!, settings });
      for (const p of byKey[settings.key] ?? []) {
        if (typeof p.value !== "number") continue;
        const row = rows.get(p.ts) ?? { ts: p.ts };
        row[id] = p.value;
        rows.set(p.ts, row);
      }
    }
  }
  return { series, rows: [...rows.values()].sort((a, b) => a.ts! - b.ts!) };
}

/** Axis labels as precise as the window needs: seconds for minutes, dates for days. */
function tickFormat(windowMs: number) {
  if (windowMs <= 15 * 60_000)
    return (ts: number) =>
      new Date(ts).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  if (windowMs <= 2 * 86_400_000)
    return (ts: number) => new Date(ts).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  return (ts: number) => new Date(ts).toLocaleDateString(undefined, { month: "short", day: "numeric" });
}

export function TimeseriesWidget({
  config,
  timeWindow,
}: {
  config: Extract<WidgetConfig, { kind: "timeseries" }>;
  timeWindow: DashboardTimeWindow;
}) {
  const source = toSubscriptionSource(config.source);
  const aggregation = chooseAggregation(timeWindow);
  const request =
    source && config.keys.length
      ? {
          type: "subscribeTimeseries" as const,
          ...source,
          keys: config.keys.map((k) => k.key),
          window: toSubscriptionWindow(timeWindow),
          ...aggregation,
          limit: MAX_CHART_POINTS,
        }
      : null;
  const live = useLiveData(request, "series", {
    windowMs: timeWindow.type === "realtime" ? windowLengthMs(timeWindow) : undefined,
    maxPoints: MAX_CHART_POINTS * 2,
  });
  const names = entityNames(live.entities);
  const { series, rows } = toChartRows(live.data, config.keys, names);
  const Chart = config.chart === "bar" ? BarChart : config.chart === "area" ? AreaChart : LineChart;
  return (
    <WidgetFrame title={config.title} data={live.data} names={names} status={<LiveStatus {...live} />}>
      {!request ? (
        <p className="text-sm text-slate-400">Choose a data source and keys in the settings.</p>
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <Chart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis
              dataKey="ts"
              type="number"
              scale="time"
              domain={["dataMin", "dataMax"]}
              tickFormatter={tickFormat(windowLengthMs(timeWindow))}
              fontSize={11}
            />
            <YAxis fontSize={11} />
            <Tooltip
              labelFormatter={(ts) => new Date(Number(ts)).toLocaleString()}
              formatter={(v, _n, item) => formatKeyValue(v, series.find((s) => s.id === item.dataKey)?.settings ?? {})}
            />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            {series.map((s) =>
              config.chart === "bar" ? (
                <Bar key={s.id} dataKey={s.id} name={s.label} fill={s.color} isAnimationActive={false} />
              ) : config.chart === "area" ? (
                <Area
                  key={s.id}
                  dataKey={s.id}
                  name={s.label}
                  stroke={s.color}
                  fill={s.color}
                  fillOpacity={0.15}
                  dot={false}
                  isAnimationActive={false}
                  connectNulls
                />
              ) : (
                // A lone point draws no line: show dots until there are a few.
                <Line
                  key={s.id}
                  dataKey={s.id}
                  name={s.label}
                  stroke={s.color}
                  dot={rows.length < 3}
                  isAnimationActive={false}
                  connectNulls
                />
              ),
            )}
          </Chart>
        </ResponsiveContainer>
      )}
    </WidgetFrame>
  );
}
