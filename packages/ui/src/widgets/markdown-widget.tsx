import { Markdown } from "./markdown.tsx";
import type { WidgetConfig } from "./widget-config.ts";
import { WidgetFrame } from "./widget-frame.tsx";

export function MarkdownWidget({ config }: { config: Extract<WidgetConfig, { kind: "markdown" }> }) {
  return (
    <WidgetFrame title={config.title}>
      <div className="h-full space-y-2 overflow-auto text-sm text-slate-700">
        <Markdown text={config.text} />
      </div>
    </WidgetFrame>
  );
}
