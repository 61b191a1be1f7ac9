// The saved shape of a dashboard is @industryos/dashboard-schema's (the zod schema the API
// validates with, types inferred from it); this module adds what only the console needs.
import type { WidgetKind } from "@industryos/dashboard-schema";

export {
  EMPTY_DASHBOARD,
  type DashboardConfig,
  type WidgetConfig,
  type WidgetKind,
  type DataSource,
  type KeySettings,
  type Threshold,
  type WidgetPlacement,
  type DashboardTimeWindow,
  type DashboardState,
  type ValueOrigin,
  type ColumnSettings,
  type ImageMarker,
  MAX_IMAGE_URL_LENGTH,
} from "@industryos/dashboard-schema";

export const WIDGET_KINDS: Array<{ kind: WidgetKind; label: string; size: { w: number; h: number } }> = [
  { kind: "timeseries", label: "Time-series chart", size: { w: 6, h: 4 } },
  { kind: "value", label: "Latest value card", size: { w: 3, h: 2 } },
  { kind: "gauge", label: "Radial gauge", size: { w: 3, h: 3 } },
  { kind: "table", label: "Table of latest values", size: { w: 6, h: 4 } },
  { kind: "attributes", label: "Attributes card", size: { w: 4, h: 3 } },
  { kind: "rpc", label: "RPC control", size: { w: 3, h: 2 } },
  { kind: "markdown", label: "Markdown text", size: { w: 4, h: 2 } },
  { kind: "alarms", label: "Alarm list", size: { w: 6, h: 3 } },
  { kind: "map", label: "Map of devices", size: { w: 6, h: 5 } },
  { kind: "entitiesTable", label: "Entities table", size: { w: 6, h: 4 } },
  { kind: "stateChart", label: "State chart (on/off timeline)", size: { w: 6, h: 3 } },
  { kind: "barByEntity", label: "Bar chart by device", size: { w: 6, h: 4 } },
  { kind: "image", label: "Image with live values", size: { w: 6, h: 5 } },
];

/** The map's tiles unless its settings say otherwise; an empty URL draws no tiles (offline). */
export const OPENSTREETMAP_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
