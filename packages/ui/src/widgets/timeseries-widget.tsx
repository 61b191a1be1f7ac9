"use client";
import { useEffect } from "react";
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
import { aggregationLabel } from "./chart/chart-resolution.ts";
import { toChartRows, toChartSeries } from "./chart/chart-series.ts";
import { timeTicks } from "./chart/time-ticks.ts";
import { useChartResolution, mostPoints } from "./chart/use-chart-resolution.ts";
import { useChartWindow } from "./chart/use-chart-window.ts";
import { useWindowSeries } from "./chart/use-window-series.ts";
import { toSubscriptionSource } from "./data-source.ts";
import { formatKeyValue } from "./thresholds.ts";
import type { DashboardTimeWindow, WidgetConfig } from "./widget-config.ts";
import { entityNames, LiveStatus, WidgetFrame } from "./widget-frame.tsx";

/**
 * A chart over exactly the dashboard's time window: raw points when the window holds few enough,
 * else averages per bucket (named in the legend); a missing stretch of data is a break in the line.
 */
export function TimeseriesWidget({
  config,
  timeWindow,
}: {
  config: Extract<WidgetConfig, { kind: "timeseries" }>;
  timeWindow: DashboardTimeWindow;
}) {
  const source = toSubscriptionSource(config.source);
  const keys = config.keys.map((k) => k.key);
  const { resolution, noteRawPoints } = useChartResolution(timeWindow, JSON.stringify([source, keys, timeWindow]));
  const { live, configured } = useWindowSeries({
    source,
    keys,
    timeWindow,
    resolution,
    maxPoints: resolution.limit * 2,
  });
  const rawPoints = resolution.agg === "NONE" && !live.loading ? mostPoints(live.data) : 0;
  useEffect(() => noteRawPoints(rawPoints), [noteRawPoints, rawPoints]);

  const { from, to } = useChartWindow(timeWindow);
  const axis = timeTicks(from, to);
  const names = entityNames(live.entities);
  const aggregation = aggregationLabel(resolution);
  const series = toChartSeries(live.data, config.keys, names, {
    bucketMs: resolution.agg === "NONE" ? undefined : resolution.intervalMs,
    suffix: aggregation,
  });
  const few = series.every((s) => s.points.length < 3);
  const Chart = config.chart === "bar" ? BarChart : config.chart === "area" ? AreaChart : LineChart;
  return (
    <WidgetFrame title={config.title} data={live.data} names={names} status={<LiveStatus {...live} />}>
      {!configured ? (
        <p className="text-sm text-slate-400">Choose a data source and keys in the settings.</p>
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <Chart
            data={config.chart === "bar" ? toChartRows(series) : undefined}
            margin={{ top: 4, right: 16, bottom: 0, left: -8 }}
          >
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis
              dataKey="ts"
              type="number"
              scale="time"
              domain={[from, to]}
              allowDataOverflow
              ticks={axis.ticks}
              interval={0}
              tickFormatter={axis.format}
              fontSize={11}
            />
            <YAxis fontSize={11} />
            <Tooltip
              labelFormatter={(ts) => new Date(Number(ts)).toLocaleString()}
              formatter={(v, _n, item) =>
                formatKeyValue(v, series.find((s) => s.id === item.dataKey || s.label === item.name)?.settings ?? {})
              }
            />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            {series.map((s) =>
              config.chart === "bar" ? (
                <Bar key={s.id} dataKey={s.id} name={s.label} fill={s.color} isAnimationActive={false} />
              ) : config.chart === "area" ? (
                <Area
                  key={s.id}
                  data={s.points}
                  dataKey="value"
                  name={s.label}
                  stroke={s.color}
                  strokeDasharray={s.dash}
                  fill={s.color}
                  fillOpacity={0.15}
                  dot={false}
                  isAnimationActive={false}
                  connectNulls={false}
                />
              ) : (
                // A lone point draws no line: show dots until there are a few.
                <Line
                  key={s.id}
                  data={s.points}
                  dataKey="value"
                  name={s.label}
                  stroke={s.color}
                  strokeDasharray={s.dash}
                  dot={few}
                  isAnimationActive={false}
                  connectNulls={false}
                />
              ),
            )}
          </Chart>
        </ResponsiveContainer>
      )}
    </WidgetFrame>
  );
}
