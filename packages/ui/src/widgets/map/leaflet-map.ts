import type * as Leaflet from "leaflet";
import type { LatLngBounds, Map as LeafletMapInstance, Marker, MarkerCluster, MarkerClusterGroup } from "leaflet";
import type { DevicePosition } from "../device-positions.ts";

/** What a marker's popup shows; built by the widget (plain DOM, so no device name is ever parsed as HTML). */
export type PopupContent = (position: DevicePosition) => HTMLElement;

export interface LeafletMap {
  /** Adds, moves and removes markers to match `positions`; popups already open stay open with new values. */
  show(positions: readonly DevicePosition[], popup: PopupContent): void;
  remove(): void;
}

/** Until the first device is placed: the whole world, so an empty map looks like a map. */
const WORLD: [number, number] = [20, 0];
/** Fitting to a single device must not zoom in to street level. */
const FIT_MAX_ZOOM = 14;
/** Set on the map itself: with no tile layer nothing else sets one, and marker clustering needs it. */
const MAX_ZOOM = 19;

function markerIcon(L: typeof Leaflet, name: string) {
  const dot = document.createElement("span");
  dot.dataset.mapMarker = name;
  dot.className = "block h-4 w-4 rounded-full border-2 border-white bg-brand-600 shadow";
  return L.divIcon({ html: dot, className: "", iconSize: [16, 16], popupAnchor: [0, -8] });
}

function clusterIcon(L: typeof Leaflet, cluster: MarkerCluster) {
  const count = cluster.getChildCount();
  const bubble = document.createElement("span");
  bubble.dataset.mapCluster = String(count);
  bubble.className =
    "flex h-8 w-8 items-center justify-center rounded-full border-2 border-white bg-brand-700 text-xs font-semibold text-white shadow";
  bubble.textContent = String(count);
  return L.divIcon({ html: bubble, className: "", iconSize: [32, 32] });
}

/**
 * A Leaflet map in `container` with clustered device markers. Leaflet touches `window` when it loads, so it
 * is loaded here (in the browser, after mount) rather than imported by the widget. Without a tile URL the
 * map has no tile layer at all: the markers sit on the container's plain background (offline plants); a
 * tile server that cannot be reached only leaves tiles blank, Leaflet reports that as an event, not an error.
 */
export async function createLeafletMap(container: HTMLElement, tileUrl: string): Promise<LeafletMap> {
  const L = (await import("leaflet")).default;
  // leaflet.markercluster's build extends the global `L` that Leaflet's build sets; make sure it is this one.
  (globalThis as { L?: unknown }).L = L;
  await import("leaflet.markercluster");
  const map: LeafletMapInstance = L.map(container, {
    attributionControl: tileUrl !== "",
    maxZoom: MAX_ZOOM,
    // On a phone the dashboard is one scrolling column: a one-finger drag must scroll the page, not pan a
    // map that fills the screen (pinch zoom and the +/- buttons still move it).
    dragging: !L.Browser.mobile,
  });
  map.setView(WORLD, 2);
  if (tileUrl) {
    L.tileLayer(tileUrl, { maxZoom: MAX_ZOOM, attribution: "Map data © OpenStreetMap contributors" }).addTo(map);
  }
  const cluster: MarkerClusterGroup = L.markerClusterGroup({
    iconCreateFunction: (c) => clusterIcon(L, c),
    showCoverageOnHover: false,
  });
  map.addLayer(cluster);
  const markers = new Map<string, { marker: Marker; name: string; lat: number; lng: number }>();
  let fittedTo = "";
  // Fitting a container the grid has not sized yet would zoom out to the whole world: wait for its size.
  let pendingFit: LatLngBounds | null = null;
  const hasSize = () => container.clientWidth > 0 && container.clientHeight > 0;
  const fit = (bounds: LatLngBounds) => {
    if (!hasSize()) {
      pendingFit = bounds;
      return;
    }
    pendingFit = null;
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: FIT_MAX_ZOOM, animate: false });
  };
  // The grid resizes widgets (drag, breakpoints) without a window resize, which is all Leaflet listens to.
  const resizes = new ResizeObserver(() => {
    map.invalidateSize();
    if (pendingFit) fit(pendingFit);
  });
  resizes.observe(container);

  return {
    show(positions, popup) {
      const seen = new Set<string>();
      for (const p of positions) {
        seen.add(p.id);
        const had = markers.get(p.id);
        if (!had) {
          const marker = L.marker([p.lat, p.lng], { icon: markerIcon(L, p.name), title: p.name, keyboard: true });
          marker.bindPopup(popup(p));
          cluster.addLayer(marker);
          markers.set(p.id, { marker, ...p });
          continue;
        }
        if (had.lat !== p.lat || had.lng !== p.lng || had.name !== p.name) {
          // A moved marker must be re-clustered: markercluster's documented way is remove, move, add.
          cluster.removeLayer(had.marker);
          had.marker.setLatLng([p.lat, p.lng]).setIcon(markerIcon(L, p.name));
          cluster.addLayer(had.marker);
          Object.assign(had, p);
        }
        had.marker.setPopupContent(popup(p));
      }
      for (const [id, had] of markers) {
        if (seen.has(id)) continue;
        cluster.removeLayer(had.marker);
        markers.delete(id);
      }
      // Fit the view when the set of devices changes, not on every value: a user's pan and zoom stay.
      const ids = [...seen].sort().join(",");
      if (ids && ids !== fittedTo) {
        fittedTo = ids;
        fit(L.latLngBounds(positions.map((p) => [p.lat, p.lng])));
      }
    },
    remove() {
      resizes.disconnect();
      map.remove();
    },
  };
}
