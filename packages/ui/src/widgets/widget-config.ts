// The saved shape of a dashboard: what export/import writes and the API validates
// (packages/api/src/services/dashboards). Plain data only, so it round-trips through JSON.

/** Where a widget's data comes from: one device, or every device an entity query matches. */
export type DataSource =
  | { type: "device"; deviceId: string }
  | { type: "devicesOfProfile"; deviceProfileId: string }
  | { type: "devicesRelatedToAsset"; assetId: string; relationType?: string };

/** A value at or above `from` takes `color` (the highest matching threshold wins). */
export interface Threshold {
  from: number;
  color: string;
}

/** One key shown by a widget, with how to show it. */
export interface KeySettings {
  key: string;
  label?: string;
  unit?: string;
  decimals?: number;
  color?: string;
}

interface WidgetBase {
  id: string;
  title: string;
}

export type WidgetConfig =
  | (WidgetBase & { kind: "timeseries"; source: DataSource; keys: KeySettings[]; chart: "line" | "area" | "bar" })
  | (WidgetBase & { kind: "value"; source: DataSource; keys: KeySettings[]; thresholds: Threshold[] })
  | (WidgetBase & {
      kind: "gauge";
      source: DataSource;
      keys: KeySettings[];
      min: number;
      max: number;
      thresholds: Threshold[];
    })
  | (WidgetBase & { kind: "table"; source: DataSource; keys: KeySettings[]; thresholds: Threshold[] })
  | (WidgetBase & {
      kind: "attributes";
      source: DataSource;
      scope: "CLIENT" | "SHARED" | "SERVER";
      keys: KeySettings[];
    })
  | (WidgetBase & {
      kind: "rpc";
      source: DataSource;
      control: "button" | "switch" | "slider";
      method: string;
      params: string;
      min?: number;
      max?: number;
    })
  | (WidgetBase & { kind: "markdown"; text: string })
  | (WidgetBase & { kind: "alarms" });

export type WidgetKind = WidgetConfig["kind"];

/** Grid position in react-grid-layout units (12 columns). */
export interface WidgetPlacement {
  i: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Real-time ("last N ms", follows the clock) or a fixed range (epoch ms). */
export type DashboardTimeWindow = { type: "realtime"; lastMs: number } | { type: "fixed"; from: number; to: number };

export interface DashboardConfig {
  version: 1;
  widgets: WidgetConfig[];
  layout: WidgetPlacement[];
  timeWindow: DashboardTimeWindow;
}

export const EMPTY_DASHBOARD: DashboardConfig = {
  version: 1,
  widgets: [],
  layout: [],
  timeWindow: { type: "realtime", lastMs: 3_600_000 },
};

export const WIDGET_KINDS: Array<{ kind: WidgetKind; label: string; size: { w: number; h: number } }> = [
  { kind: "timeseries", label: "Time-series chart", size: { w: 6, h: 4 } },
  { kind: "value", label: "Latest value card", size: { w: 3, h: 2 } },
  { kind: "gauge", label: "Radial gauge", size: { w: 3, h: 3 } },
  { kind: "table", label: "Table of latest values", size: { w: 6, h: 4 } },
  { kind: "attributes", label: "Attributes card", size: { w: 4, h: 3 } },
  { kind: "rpc", label: "RPC control", size: { w: 3, h: 2 } },
  { kind: "markdown", label: "Markdown text", size: { w: 4, h: 2 } },
  { kind: "alarms", label: "Alarm list", size: { w: 6, h: 3 } },
];
