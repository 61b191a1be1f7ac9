import { entityWidgetFields, VALUE_ORIGINS, type DashboardConfig } from "@industryos/dashboard-schema";
import type { AllowedRead, AllowedSource } from "@industryos/realtime";
import { subscriptionSourceOf } from "@industryos/realtime/client";

/**
 * What a public dashboard link may read over `/api/ws`: for each widget, exactly the subscription
 * the console's widget sends (packages/ui/src/widgets): its data source; latest values of its
 * keys (value, table; a gauge only its first key), the history of a chart's keys within the
 * dashboard's time window, or an attributes widget's one scope and keys (every key of that scope
 * when it names none); a map or entities table, its columns and a map's location keys, one grant per
 * origin (latest telemetry, each attribute scope). Widgets of every state count. RPC controls are not
 * shown on a public link and grant nothing; "entity from state" widgets name no source and grant nothing.
 */
export function publicDashboardGrants(config: DashboardConfig): AllowedSource[] {
  const grants: AllowedSource[] = [];
  const shown = config.timeWindow;
  const window = shown.type === "realtime" ? { lastMs: shown.lastMs } : { from: shown.from, to: shown.to };
  for (const widget of [...config.widgets, ...(config.states ?? []).flatMap((s) => s.widgets)]) {
    if (!("source" in widget) || widget.kind === "rpc") continue;
    const source = subscriptionSourceOf(widget.source);
    if (!source) continue;
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
      continue;
    }
    const keys = widget.keys.map((k) => k.key).filter((key) => key.length > 0);
    let read: AllowedRead | null = null;
    switch (widget.kind) {
      case "value":
      case "table":
        if (keys.length) read = { type: "latest", keys };
        break;
      case "gauge":
        if (widget.keys[0]?.key) read = { type: "latest", keys: [widget.keys[0].key] };
        break;
      case "timeseries":
        if (keys.length) read = { type: "timeseries", keys, window: { ...window } };
        break;
      case "attributes":
        read = { type: "attributes", scope: widget.scope, ...(keys.length ? { keys } : {}) };
        break;
    }
    if (read) grants.push({ source, read });
  }
  return grants;
}
