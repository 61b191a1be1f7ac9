"use client";
import { PolarAngleAxis, RadialBar, RadialBarChart, ResponsiveContainer } from "recharts";
import { toSubscriptionSource } from "./data-source.ts";
import { latestOf } from "./live-data.ts";
import { useLiveData } from "./live-context.tsx";
import { LiveWidgetFrame } from "./live-widget-frame.tsx";
import { formatKeyValue, thresholdColor } from "./thresholds.ts";
import type { WidgetConfig } from "./widget-config.ts";

/** A radial gauge of the first key between `min` and `max`. */
export function GaugeWidget({ config }: { config: Extract<WidgetConfig, { kind: "gauge" }> }) {
  const key = config.keys[0];
  const source = toSubscriptionSource(config.source);
  const request = source && key ? { type: "subscribeLatest" as const, ...source, keys: [key.key] } : null;
  const live = useLiveData(request, "latest");
  const point = key ? latestOf(live.data, key.key) : undefined;
  const numeric =
    typeof point?.value === "number" ? Math.min(config.max, Math.max(config.min, point.value)) : config.min;
  const color = thresholdColor(point?.value, config.thresholds, "#2563eb");
  return (
    <LiveWidgetFrame title={config.title} live={live}>
      <div className="relative h-full">
        <ResponsiveContainer width="100%" height="100%">
          <RadialBarChart
            data={[{ value: numeric, fill: color }]}
            startAngle={210}
            endAngle={-30}
            innerRadius="70%"
            outerRadius="100%"
          >
            <PolarAngleAxis type="number" domain={[config.min, config.max]} tick={false} />
            <RadialBar dataKey="value" background cornerRadius={6} isAnimationActive={false} />
          </RadialBarChart>
        </ResponsiveContainer>
        <div className="pointer-events-none absolute inset-0 flex flex-col items-center justify-center">
          <span className="text-2xl font-semibold tabular-nums" style={{ color }} data-value>
            {key ? formatKeyValue(point?.value, key) : "—"}
          </span>
          <span className="text-xs text-slate-500">{key?.label ?? key?.key}</span>
        </div>
      </div>
    </LiveWidgetFrame>
  );
}
