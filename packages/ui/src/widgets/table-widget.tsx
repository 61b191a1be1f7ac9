"use client";
import { toSubscriptionSource } from "./data-source.ts";
import { useLiveData } from "./live-context.tsx";
import { formatKeyValue, thresholdColor } from "./thresholds.ts";
import type { WidgetConfig } from "./widget-config.ts";
import { entityNames, LiveStatus, WidgetFrame } from "./widget-frame.tsx";

/** Latest values of the keys across every device of the data source, one row per device. */
export function TableWidget({ config }: { config: Extract<WidgetConfig, { kind: "table" }> }) {
  const source = toSubscriptionSource(config.source);
  const request =
    source && config.keys.length
      ? { type: "subscribeLatest" as const, ...source, keys: config.keys.map((k) => k.key) }
      : null;
  const live = useLiveData(request, "latest");
  const names = entityNames(live.entities);
  return (
    <WidgetFrame title={config.title} data={live.data} names={names} status={<LiveStatus {...live} />}>
      <div className="h-full overflow-auto">
        <table className="min-w-full text-sm">
          <thead className="sticky top-0 bg-white text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1 pr-4 font-medium">Device</th>
              {config.keys.map((k) => (
                <th key={k.key} className="py-1 pr-4 text-right font-medium">
                  {k.label ?? k.key}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {live.entities.map((entity) => (
              <tr key={entity.id}>
                <td className="py-1 pr-4 text-slate-700">{entity.name}</td>
                {config.keys.map((k) => {
                  const value = live.data[entity.id]?.[k.key]?.[0]?.value;
                  return (
                    <td
                      key={k.key}
                      className="py-1 pr-4 text-right tabular-nums"
                      style={{ color: thresholdColor(value, config.thresholds) }}
                    >
                      {formatKeyValue(value, k)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </WidgetFrame>
  );
}
