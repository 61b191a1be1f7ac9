"use client";
import { useEffect, useRef, useState } from "react";
import { entityWidgetFields } from "@industryos/dashboard-schema";
import { devicePositions } from "./device-positions.ts";
import { useOpenEntity } from "./entity-navigation.tsx";
import { entityWidgetNotice } from "./entity-widget-notice.tsx";
import { createLeafletMap, type LeafletMap } from "./map/leaflet-map.ts";
import { markerPopup } from "./map/marker-popup.ts";
import { useEntityValues } from "./use-entity-values.ts";
import type { WidgetConfig } from "./widget-config.ts";
import { LiveStatus, WidgetFrame } from "./widget-frame.tsx";

/** Devices placed by their latitude/longitude (attributes or latest telemetry), clustered when close, live. */
export function MapWidget({ config }: { config: Extract<WidgetConfig, { kind: "map" }> }) {
  const live = useEntityValues(config.source, entityWidgetFields(config));
  const positions = devicePositions(live.entities, live.values);
  const open = useOpenEntity(config.detailStateId);
  const container = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<LeafletMap | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    if (!container.current) return;
    let cancelled = false;
    let created: LeafletMap | null = null;
    createLeafletMap(container.current, config.tileUrl).then(
      (m) => {
        if (cancelled) return m.remove();
        created = m;
        setMap(m);
      },
      (e: unknown) => setFailed(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      cancelled = true;
      created?.remove();
      setMap(null);
    };
  }, [config.tileUrl]);

  useEffect(() => {
    map?.show(positions, (p) => markerPopup(p, config.columns, live.values, open));
  });

  const notice =
    failed ??
    entityWidgetNotice(live) ??
    (!live.loading && positions.length === 0 ? "No device has a latitude and longitude yet." : null);
  return (
    <WidgetFrame title={config.title} status={<LiveStatus {...live} />}>
      {/* isolate: Leaflet's panes and controls carry z-indexes that must not rise above the console's dialogs. */}
      <div className="relative isolate h-full overflow-hidden rounded" data-map-markers={positions.length}>
        <div ref={container} className="h-full w-full bg-slate-100" />
        {notice && (
          <p className="pointer-events-none absolute inset-x-0 top-2 z-[1000] mx-auto w-fit rounded bg-white/90 px-2 py-1 text-center text-xs text-slate-500 shadow-sm">
            {notice}
          </p>
        )}
      </div>
    </WidgetFrame>
  );
}
