import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DashboardView } from "../../src/dashboard/dashboard-view.tsx";
import { addWidget } from "../../src/dashboard/dashboard-editor.ts";
import { Markdown } from "../../src/widgets/markdown.tsx";
import { newWidget } from "../../src/widgets/new-widget.ts";
import { RenderWidget } from "../../src/widgets/render-widget.tsx";
import { WidgetSettingsForm } from "../../src/widgets/settings-form.tsx";
import { EMPTY_DASHBOARD, WIDGET_KINDS } from "../../src/widgets/widget-config.ts";

const options = { devices: [{ id: "d1", name: "Boiler" }], deviceProfiles: [], assets: [] };
const timeWindow = { type: "realtime" as const, lastMs: 3_600_000 };

describe("widgets render", () => {
  for (const { kind } of WIDGET_KINDS) {
    it(`${kind}: the widget and its settings form`, () => {
      const config = newWidget(kind, "w1");
      const html = renderToStaticMarkup(createElement(RenderWidget, { config, timeWindow }));
      expect(html).toContain(config.title);
      const form = renderToStaticMarkup(
        createElement(WidgetSettingsForm, { value: config, onChange: () => {}, options }),
      );
      expect(form).toContain("Title");
      if ("source" in config) expect(form).toContain("Data source");
    });
  }

  it("a dashboard in view mode lists its title and needs no live client to render", () => {
    const config = addWidget(EMPTY_DASHBOARD, "markdown", "m1");
    const html = renderToStaticMarkup(createElement(DashboardView, { title: "Plant", config }));
    expect(html).toContain("Plant");
    expect(html).toContain('data-dashboard-mode="view"');
    expect(html).not.toContain(">Edit<");
  });
});

describe("Markdown", () => {
  it("renders the subset and never injects HTML or script links", () => {
    const html = renderToStaticMarkup(
      createElement(Markdown, {
        text: "# Title\n- **bold** item\n<script>alert(1)</script>\n[bad](javascript:alert(1)) [good](https://example.com)",
      }),
    );
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('href="https://example.com"');
  });
});
