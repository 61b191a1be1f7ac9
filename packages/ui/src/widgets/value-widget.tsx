"use client";
import { formatRelativeTime } from "../format.ts";
import { toSubscriptionSource } from "./data-source.ts";
import { latestOf } from "./live-data.ts";
import { useLiveData } from "./live-context.tsx";
import { LiveWidgetFrame } from "./live-widget-frame.tsx";
import { formatKeyValue, thresholdColor } from "./thresholds.ts";
import type { WidgetConfig } from "./widget-config.ts";

/** Latest value of each configured key, large, coloured by thresholds. */
export function ValueWidget({ config }: { config: Extract<WidgetConfig, { kind: "value" }> }) {
  const source = toSubscriptionSource(config.source);
  const request =
    source && config.keys.length
      ? { type: "subscribeLatest" as const, ...source, keys: config.keys.map((k) => k.key) }
      : null;
  const live = useLiveData(request, "latest");
  return (
    <LiveWidgetFrame title={config.title} live={live}>
      <div className="flex h-full flex-wrap items-center justify-around gap-4">
        {config.keys.map((k) => {
          const point = latestOf(live.data, k.key);
          return (
            <div key={k.key} className="text-center" data-key={k.key}>
              <div className="text-xs uppercase tracking-wide text-slate-500">{k.label ?? k.key}</div>
              <div
                className="text-3xl font-semibold tabular-nums"
                style={{ color: thresholdColor(point?.value, config.thresholds) }}
                data-value
              >
                {formatKeyValue(point?.value, k)}
              </div>
              <div className="text-xs text-slate-400">
                {point ? formatRelativeTime(new Date(point.ts)) : "no data yet"}
              </div>
            </div>
          );
        })}
      </div>
    </LiveWidgetFrame>
  );
}
