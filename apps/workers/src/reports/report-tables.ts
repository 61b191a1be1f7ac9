import type { DashboardConfig, KeySettings, WidgetConfig } from "@industryos/dashboard-schema";
import type { TelemetryReader } from "@industryos/db/telemetry";
import { chooseAggregation } from "@industryos/ui/time-window";
import { formatLocalTime } from "./local-time.ts";
import type { ReportDevice, ResolvedDevices } from "./report-devices.ts";

export type Cell = string | number | boolean | null;

/** One CSV before it is written: a file name, the header and the rows. */
export interface ReportTable {
  name: string;
  header: string[];
  rows: Cell[][];
}

export interface ReportInputs {
  tenantId: string;
  telemetry: TelemetryReader;
  devicesOf(source: TelemetryWidget["source"]): Promise<ResolvedDevices>;
  /** Epoch ms; the report covers [from, to). */
  from: number;
  to: number;
  timeZone: string;
}

export interface ReportTables {
  tables: ReportTable[];
  /** Widgets left out, with why ("Widget “Boiler”: no data source chosen"). */
  skipped: string[];
}

/** The widgets that show telemetry; markdown, alarms, attributes and RPC controls have none to report. */
type TelemetryWidget = Extract<WidgetConfig, { kind: "timeseries" | "value" | "gauge" | "table" }>;
const isTelemetryWidget = (w: WidgetConfig): w is TelemetryWidget =>
  w.kind === "timeseries" || w.kind === "value" || w.kind === "gauge" || w.kind === "table";

const columnOf = (k: KeySettings) => {
  const label = k.label || k.key;
  return k.unit ? `${label} (${k.unit})` : label;
};

/** A value as the widget shows it: numbers rounded to the key's decimals, objects as JSON. */
function cellOf(value: unknown, key: KeySettings): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return key.decimals === undefined ? value : Number(value.toFixed(key.decimals));
  if (typeof value === "string" || typeof value === "boolean") return value;
  return JSON.stringify(value);
}

/** Widgets in reading order: top to bottom, then left to right, as the grid shows them. */
function inReadingOrder(config: DashboardConfig): WidgetConfig[] {
  const place = new Map(config.layout.map((p) => [p.i, p]));
  const position = (w: WidgetConfig) => place.get(w.id) ?? { y: Number.MAX_SAFE_INTEGER, x: 0 };
  return [...config.widgets].sort((a, b) => position(a).y - position(b).y || position(a).x - position(b).x);
}

/** Unique, portable file names: "Boiler room" → "boiler-room.csv", a second one "boiler-room-2.csv". */
function fileNamer() {
  const used = new Set<string>();
  return (label: string) => {
    const base =
      label
        .normalize("NFKD")
        .replace(/[^\w\s-]/g, "")
        .trim()
        .toLowerCase()
        .replace(/[\s_]+/g, "-")
        .slice(0, 80) || "data";
    let name = `${base}.csv`;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}.csv`;
    used.add(name);
    return name;
  };
}

/** A chart's series over the range, aggregated as the chart aggregates it, one row per time. */
async function seriesOf(inputs: ReportInputs, device: ReportDevice, keys: KeySettings[]): Promise<Cell[][]> {
  const aggregation = chooseAggregation({ type: "fixed", from: inputs.from, to: inputs.to });
  const buckets = aggregation.agg === "NONE" ? 10_000 : Math.ceil((inputs.to - inputs.from) / aggregation.intervalMs);
  const points = await inputs.telemetry.history(inputs.tenantId, device.id, {
    keys: keys.map((k) => k.key),
    from: inputs.from,
    to: inputs.to,
    ...aggregation,
    limit: buckets,
    order: "asc",
  });
  const byTime = new Map<number, Map<string, unknown>>();
  for (const [key, series] of Object.entries(points)) {
    for (const point of series) {
      let row = byTime.get(point.ts);
      if (!row) byTime.set(point.ts, (row = new Map()));
      row.set(key, point.value);
    }
  }
  return [...byTime.entries()]
    .sort(([a], [b]) => a - b)
    .map(([ts, values]) => [formatLocalTime(ts, inputs.timeZone), ...keys.map((k) => cellOf(values.get(k.key), k))]);
}

/** A card's, gauge's or table's reading: each key's newest value in the range, and when the newest was taken. */
async function latestOf(inputs: ReportInputs, device: ReportDevice, keys: KeySettings[]): Promise<Cell[]> {
  const points = await inputs.telemetry.history(inputs.tenantId, device.id, {
    keys: keys.map((k) => k.key),
    from: inputs.from,
    to: inputs.to,
    agg: "NONE",
    limit: 1,
    order: "desc",
  });
  const newest = keys.map((k) => points[k.key]?.[0]);
  const ts = Math.max(...newest.map((p) => p?.ts ?? -Infinity));
  return [
    Number.isFinite(ts) ? formatLocalTime(ts, inputs.timeZone) : null,
    ...keys.map((k, i) => cellOf(newest[i]?.value, k)),
  ];
}

/** One CSV per telemetry widget: a chart's series per device, or the latest reading of each device. */
export async function tablesPerWidget(config: DashboardConfig, inputs: ReportInputs): Promise<ReportTables> {
  const nameFor = fileNamer();
  const tables: ReportTable[] = [];
  const skipped: string[] = [];
  for (const widget of inReadingOrder(config).filter(isTelemetryWidget)) {
    const label = widget.title || widget.kind;
    const keys = widget.keys.filter((k) => k.key);
    const resolved = await inputs.devicesOf(widget.source);
    if ("skipped" in resolved) {
      skipped.push(`Widget “${label}”: ${resolved.skipped}`);
      continue;
    }
    if (keys.length === 0) {
      skipped.push(`Widget “${label}”: no keys chosen`);
      continue;
    }
    const columns = keys.map(columnOf);
    const rows: Cell[][] = [];
    if (widget.kind === "timeseries") {
      for (const device of resolved.devices)
        for (const [time = null, ...values] of await seriesOf(inputs, device, keys))
          rows.push([time, device.name, ...values]);
      tables.push({ name: nameFor(label), header: ["time", "device", ...columns], rows });
    } else {
      for (const device of resolved.devices) {
        const [time = null, ...values] = await latestOf(inputs, device, keys);
        rows.push([device.name, time, ...values]);
      }
      tables.push({ name: nameFor(label), header: ["device", "time", ...columns], rows });
    }
  }
  return { tables, skipped };
}

/** One CSV per device shown on the dashboard: every key any widget shows of it, as a series over the range. */
export async function tablesPerDevice(config: DashboardConfig, inputs: ReportInputs): Promise<ReportTables> {
  const nameFor = fileNamer();
  const skipped: string[] = [];
  const devices = new Map<string, { device: ReportDevice; keys: Map<string, KeySettings> }>();
  for (const widget of inReadingOrder(config).filter(isTelemetryWidget)) {
    const resolved = await inputs.devicesOf(widget.source);
    if ("skipped" in resolved) {
      skipped.push(`Widget “${widget.title || widget.kind}”: ${resolved.skipped}`);
      continue;
    }
    for (const device of resolved.devices) {
      let entry = devices.get(device.id);
      if (!entry) devices.set(device.id, (entry = { device, keys: new Map() }));
      // The first widget to show a key names its column.
      for (const key of widget.keys) if (key.key && !entry.keys.has(key.key)) entry.keys.set(key.key, key);
    }
  }
  const tables: ReportTable[] = [];
  for (const { device, keys } of devices.values()) {
    if (keys.size === 0) continue;
    const settings = [...keys.values()];
    tables.push({
      name: nameFor(device.name),
      header: ["time", ...settings.map(columnOf)],
      rows: await seriesOf(inputs, device, settings),
    });
  }
  return { tables, skipped };
}
