"use client";
import { useMemo } from "react";
import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { keyColor } from "./chart/series-palette.ts";
import { toSubscriptionSource } from "./data-source.ts";
import { entityWidgetNotice, WidgetNotice } from "./entity-widget-notice.tsx";
import { latestOf } from "./live-data.ts";
import { useLiveData } from "./live-context.tsx";
import { LiveWidgetFrame } from "./live-widget-frame.tsx";
import { formatKeyValue } from "./thresholds.ts";
import type { KeySettings, WidgetConfig } from "./widget-config.ts";

/** A latest value as a bar's length: numbers and numeric text; anything else draws no bar. */
function barValue(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

type BarRow = { name: string } & Record<string, number | string | undefined>;

/** The chart itself, horizontal so long device names stay readable; each bar labelled with its value. */
function EntityBars({ rows, keys }: { rows: BarRow[]; keys: Array<{ settings: KeySettings; color: string }> }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={rows} layout="vertical" margin={{ top: 0, right: 48, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" horizontal={false} />
        <XAxis type="number" fontSize={11} />
        <YAxis type="category" dataKey="name" width={90} fontSize={11} interval={0} />
        <Tooltip
          formatter={(v, _n, item) =>
            formatKeyValue(v, keys.find((k) => k.settings.key === item.dataKey)?.settings ?? {})
          }
        />
        {keys.length > 1 && <Legend wrapperStyle={{ fontSize: 11 }} />}
        {keys.map(({ settings, color }) => (
          <Bar
            key={settings.key}
            dataKey={settings.key}
            name={settings.label ?? settings.key}
            fill={color}
            isAnimationActive={false}
          >
            <LabelList
              dataKey={settings.key}
              position="right"
              fontSize={11}
              formatter={(v: unknown) => (v === undefined ? "" : formatKeyValue(v, settings))}
            />
          </Bar>
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

/** One bar per device of the source for each key's latest value, live. */
export function BarByEntityWidget({ config }: { config: Extract<WidgetConfig, { kind: "barByEntity" }> }) {
  const source = toSubscriptionSource(config.source);
  const keys = config.keys.filter((k) => k.key.length > 0);
  const request =
    source && keys.length ? { type: "subscribeLatest" as const, ...source, keys: keys.map((k) => k.key) } : null;
  const live = useLiveData(request, "latest");
  const rows: BarRow[] = [...live.entities]
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }))
    .map((e) => ({
      name: e.name,
      ...Object.fromEntries(keys.map((k) => [k.key, barValue(latestOf(live.data, k.key, e.id)?.value)])),
    }));
  const rowsKey = JSON.stringify(rows);
  const keysKey = JSON.stringify(config.keys);
  // Drawn again only when the values or the keys change: the dashboard re-renders its widgets on every
  // edit and live message, and recharts need not re-measure a chart that shows the same thing.
  const chart = useMemo(
    () => (
      <EntityBars
        rows={JSON.parse(rowsKey) as BarRow[]}
        keys={(JSON.parse(keysKey) as KeySettings[])
          .map((settings, index) => ({ settings, color: keyColor(settings, index) }))
          .filter((k) => k.settings.key.length > 0)}
      />
    ),
    [rowsKey, keysKey],
  );
  const empty = rows.every((r) => keys.every((k) => r[k.key] === undefined));
  const notice = !request
    ? "Choose a data source and keys in the settings."
    : (entityWidgetNotice({ source, loading: live.loading, entities: live.entities }) ??
      (!live.loading && empty ? "No values yet." : null));
  return (
    <LiveWidgetFrame title={config.title} live={live}>
      {notice ? (
        <WidgetNotice>{notice}</WidgetNotice>
      ) : (
        <div className="h-full" data-bar-chart={rows.length}>
          {chart}
        </div>
      )}
    </LiveWidgetFrame>
  );
}
