import type { WidgetConfig } from "./widget-config.ts";
import { WidgetFrame } from "./widget-frame.tsx";

/** Placeholder until the rule engine raises alarms (its own issue); keeps dashboards forward-compatible. */
export function AlarmsWidget({ config }: { config: Extract<WidgetConfig, { kind: "alarms" }> }) {
  return (
    <WidgetFrame title={config.title}>
      <p className="text-sm text-slate-400">Alarms will be listed here once the rule engine raises them.</p>
    </WidgetFrame>
  );
}
