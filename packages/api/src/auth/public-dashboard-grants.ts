import {
  entityWidgetFields,
  VALUE_ORIGINS,
  type DashboardConfig,
  type WidgetConfig,
} from "@industryos/dashboard-schema";
import type { AllowedRead, AllowedSource, NamedSource, TimeWindow } from "@industryos/realtime";
import { subscriptionSourceOf } from "@industryos/realtime/client";

/**
 * What a public dashboard link may read over `/api/ws`: for each widget, exactly the subscription
 * the console's widget sends (packages/ui/src/widgets): its data source; latest values of its
 * keys (value, table, bar by entity, an image's markers; a gauge only its first key), the history
 * of a chart's or state chart's keys within the dashboard's time window, or an attributes widget's
 * one scope and keys (every key of that scope when it names none); a map or entities table, its
 * columns and a map's location keys, one grant per origin (latest telemetry, each attribute scope).
 * Widgets of every state count. RPC controls are not shown on a public link and grant nothing.
 * An "entity from state" widget of a detail state reads the device the state was opened for: its
 * grant names the sources of the widgets that open that state (map markers, table rows), and only a
 * device one of them shows may be read (the realtime server checks it); with no opener it grants nothing.
 */
export function publicDashboardGrants(config: DashboardConfig): AllowedSource[] {
  const grants: AllowedSource[] = [];
  const shown = config.timeWindow;
  const window = shown.type === "realtime" ? { lastMs: shown.lastMs } : { from: shown.from, to: shown.to };
  const screens = [
    { stateId: null, widgets: config.widgets },
    ...(config.states ?? []).map((s) => ({ stateId: s.id, widgets: s.widgets })),
  ];
  const everyWidget = screens.flatMap((s) => s.widgets);
  for (const { stateId, widgets } of screens) {
    for (const widget of widgets) {
      if (!("source" in widget) || widget.kind === "rpc") continue;
      const source =
        widget.source.type === "entityFromState"
          ? openedFrom(everyWidget, stateId)
          : subscriptionSourceOf(widget.source);
      if (!source) continue;
      grants.push(...widgetGrants(widget, source, window));
    }
  }
  return grants;
}

/** The sources of the widgets whose clicks open `stateId`, deduplicated; null when none opens it. */
function openedFrom(widgets: WidgetConfig[], stateId: string | null): { entityOf: NamedSource[] } | null {
  if (!stateId) return null;
  const openers = new Map<string, NamedSource>();
  for (const w of widgets) {
    if (!("detailStateId" in w) || w.detailStateId !== stateId) continue;
    const source = subscriptionSourceOf(w.source);
    if (source) openers.set(JSON.stringify(source), source);
  }
  return openers.size ? { entityOf: [...openers.values()] } : null;
}

/** What one widget reads from `source`. */
function widgetGrants(
  widget: Exclude<Extract<WidgetConfig, { source: unknown }>, { kind: "rpc" }>,
  source: AllowedSource["source"],
  window: TimeWindow,
): AllowedSource[] {
  const grants: AllowedSource[] = [];
  if (widget.kind === "map" || widget.kind === "entitiesTable") {
    const fields = entityWidgetFields(widget).filter((f) => f.key.length > 0);
    for (const from of VALUE_ORIGINS) {
      const keys = [...new Set(fields.filter((f) => f.from === from).map((f) => f.key))];
      if (!keys.length) continue;
      grants.push({
        source,
        read: from === "telemetry" ? { type: "latest", keys } : { type: "attributes", scope: from, keys },
      });
    }
    return grants;
  }
  const keys = (widget.kind === "image" ? widget.markers : widget.keys)
    .map((k) => k.key)
    .filter((key) => key.length > 0);
  let read: AllowedRead | null = null;
  switch (widget.kind) {
    case "value":
    case "table":
    case "barByEntity":
    case "image":
      if (keys.length) read = { type: "latest", keys };
      break;
    case "gauge":
      if (widget.keys[0]?.key) read = { type: "latest", keys: [widget.keys[0].key] };
      break;
    case "timeseries":
    case "stateChart":
      if (keys.length) read = { type: "timeseries", keys, window: { ...window } };
      break;
    case "attributes":
      read = { type: "attributes", scope: widget.scope, ...(keys.length ? { keys } : {}) };
      break;
  }
  if (read) grants.push({ source, read });
  return grants;
}
