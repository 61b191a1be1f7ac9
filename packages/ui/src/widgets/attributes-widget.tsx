"use client";
import { toSubscriptionSource } from "./data-source.ts";
import { useLiveData } from "./live-context.tsx";
import { formatKeyValue } from "./thresholds.ts";
import type { WidgetConfig } from "./widget-config.ts";
import { entityNames, LiveStatus, WidgetFrame } from "./widget-frame.tsx";

/** Attributes of one scope (all keys, or the configured ones) of the data source's devices. */
export function AttributesWidget({ config }: { config: Extract<WidgetConfig, { kind: "attributes" }> }) {
  const source = toSubscriptionSource(config.source);
  const keys = config.keys.map((k) => k.key);
  const request = source
    ? { type: "subscribeAttributes" as const, ...source, scope: config.scope, ...(keys.length ? { keys } : {}) }
    : null;
  const live = useLiveData(request, "latest");
  const names = entityNames(live.entities);
  return (
    <WidgetFrame title={config.title} data={live.data} names={names} status={<LiveStatus {...live} />}>
      <dl className="h-full space-y-1 overflow-auto text-sm">
        {Object.entries(live.data).flatMap(([entityId, byKey]) =>
          Object.entries(byKey).map(([key, points]) => {
            const settings = config.keys.find((k) => k.key === key) ?? { key };
            return (
              <div key={`${entityId}:${key}`} className="flex justify-between gap-4">
                <dt className="text-slate-500">
                  {settings.label ?? key}
                  {live.entities.length > 1 ? ` · ${names[entityId] ?? ""}` : ""}
                </dt>
                <dd className="truncate font-medium text-slate-800">{formatKeyValue(points[0]?.value, settings)}</dd>
              </div>
            );
          }),
        )}
      </dl>
    </WidgetFrame>
  );
}
