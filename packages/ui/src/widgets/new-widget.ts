import { OPENSTREETMAP_TILES, type DataSource, type WidgetConfig, type WidgetKind } from "./widget-config.ts";

const NO_SOURCE: DataSource = { type: "device", deviceId: "" };

/** A widget of `kind` with sensible defaults, ready for its settings form. */
export function newWidget(kind: WidgetKind, id: string): WidgetConfig {
  switch (kind) {
    case "timeseries":
      return { id, kind, title: "Chart", source: NO_SOURCE, keys: [{ key: "temperature" }], chart: "line" };
    case "value":
      return {
        id,
        kind,
        title: "Value",
        source: NO_SOURCE,
        keys: [{ key: "temperature", decimals: 1 }],
        thresholds: [],
      };
    case "gauge":
      return {
        id,
        kind,
        title: "Gauge",
        source: NO_SOURCE,
        keys: [{ key: "temperature", decimals: 1 }],
        min: 0,
        max: 100,
        thresholds: [],
      };
    case "table":
      return { id, kind, title: "Devices", source: NO_SOURCE, keys: [{ key: "temperature" }], thresholds: [] };
    case "attributes":
      return { id, kind, title: "Attributes", source: NO_SOURCE, scope: "SERVER", keys: [] };
    case "rpc":
      return { id, kind, title: "Control", source: NO_SOURCE, control: "button", method: "reboot", params: "{}" };
    case "markdown":
      return { id, kind, title: "Notes", text: "## Notes\n\nWrite **markdown** here." };
    case "alarms":
      return { id, kind, title: "Alarms" };
    case "map":
      return { id, kind, title: "Map", source: NO_SOURCE, tileUrl: OPENSTREETMAP_TILES, columns: [] };
    case "entitiesTable":
      return {
        id,
        kind,
        title: "Devices",
        source: { type: "devicesOfProfile", deviceProfileId: "" },
        columns: [{ key: "temperature", from: "telemetry" }],
      };
    case "stateChart":
      return { id, kind, title: "States", source: NO_SOURCE, keys: [{ key: "running" }] };
    case "barByEntity":
      return {
        id,
        kind,
        title: "By device",
        source: { type: "devicesOfProfile", deviceProfileId: "" },
        keys: [{ key: "temperature" }],
      };
    case "image":
      return { id, kind, title: "Plant", source: NO_SOURCE, imageUrl: "", markers: [] };
  }
}
