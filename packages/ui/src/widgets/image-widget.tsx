"use client";
import { formatRelativeTime } from "../format.ts";
import { keyColor } from "./chart/series-palette.ts";
import { toSubscriptionSource } from "./data-source.ts";
import { ImageBox } from "./image/image-box.tsx";
import { latestOf } from "./live-data.ts";
import { useLiveData } from "./live-context.tsx";
import { LiveWidgetFrame } from "./live-widget-frame.tsx";
import { formatKeyValue } from "./thresholds.ts";
import type { ImageMarker, WidgetConfig } from "./widget-config.ts";

/** One value over the image, centred on its point. */
export function ImageMarkerBadge({
  marker,
  index,
  value,
  ts,
  selected,
}: {
  marker: ImageMarker;
  index: number;
  value: unknown;
  ts?: number;
  selected?: boolean;
}) {
  const name = marker.label ?? marker.key;
  return (
    <div
      className={`pointer-events-none absolute -translate-x-1/2 -translate-y-1/2 whitespace-nowrap rounded-md border-l-4 bg-white/90 px-1.5 py-0.5 text-center shadow ${selected ? "ring-2 ring-brand-500" : ""}`}
      style={{ left: `${marker.x}%`, top: `${marker.y}%`, borderLeftColor: keyColor(marker, index) }}
      data-image-marker={name}
      title={ts ? `${name}, ${formatRelativeTime(new Date(ts))}` : `${name}: no data yet`}
    >
      <div className="text-[10px] uppercase leading-tight text-slate-500">{name}</div>
      <div className="text-sm font-semibold tabular-nums leading-tight text-slate-900" data-value>
        {formatKeyValue(value, marker)}
      </div>
    </div>
  );
}

/** A background picture (a plant, a machine) with the latest value of each key placed on it, live. */
export function ImageWidget({ config }: { config: Extract<WidgetConfig, { kind: "image" }> }) {
  const source = toSubscriptionSource(config.source);
  const keys = [...new Set(config.markers.map((m) => m.key).filter((k) => k.length > 0))];
  const request = source && keys.length ? { type: "subscribeLatest" as const, ...source, keys } : null;
  const live = useLiveData(request, "latest");
  return (
    <LiveWidgetFrame title={config.title} live={live}>
      <div className="relative h-full" data-image-widget>
        <ImageBox url={config.imageUrl}>
          {config.markers.map((m, i) => {
            const point = m.key ? latestOf(live.data, m.key) : undefined;
            return <ImageMarkerBadge key={i} marker={m} index={i} value={point?.value} ts={point?.ts} />;
          })}
        </ImageBox>
        {!request && (
          <p className="pointer-events-none absolute inset-x-0 top-1 mx-auto w-fit rounded bg-white/90 px-2 py-1 text-xs text-slate-500 shadow-sm">
            Choose a data source and add markers in the settings.
          </p>
        )}
      </div>
    </LiveWidgetFrame>
  );
}
