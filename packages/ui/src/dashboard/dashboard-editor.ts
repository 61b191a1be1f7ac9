import { newWidget } from "../widgets/new-widget.ts";
import { WIDGET_KINDS, type WidgetConfig, type WidgetKind, type WidgetPlacement } from "../widgets/widget-config.ts";
import type { DashboardScreen } from "./dashboard-states.ts";

/**
 * Pure edits of a dashboard configuration (kept apart from React so they are easy to test). Each works on
 * anything with widgets and a layout: the dashboard itself (its default state) or one of its named states.
 */

/** Where a new widget of size w×h goes: below everything else. */
export function placeBelow(layout: WidgetPlacement[], id: string, size: { w: number; h: number }): WidgetPlacement {
  const bottom = layout.reduce((max, p) => Math.max(max, p.y + p.h), 0);
  return { i: id, x: 0, y: bottom, w: size.w, h: size.h };
}

export function addWidget<T extends DashboardScreen>(config: T, kind: WidgetKind, id: string): T {
  const size = WIDGET_KINDS.find((k) => k.kind === kind)?.size ?? { w: 4, h: 3 };
  return {
    ...config,
    widgets: [...config.widgets, newWidget(kind, id)],
    layout: [...config.layout, placeBelow(config.layout, id, size)],
  };
}

export function replaceWidget<T extends DashboardScreen>(config: T, widget: WidgetConfig): T {
  return { ...config, widgets: config.widgets.map((w) => (w.id === widget.id ? widget : w)) };
}

export function removeWidget<T extends DashboardScreen>(config: T, id: string): T {
  return {
    ...config,
    widgets: config.widgets.filter((w) => w.id !== id),
    layout: config.layout.filter((p) => p.i !== id),
  };
}

/** A copy of a widget placed below the others, with a new id. */
export function duplicateWidget<T extends DashboardScreen>(config: T, id: string, newId: string): T {
  const widget = config.widgets.find((w) => w.id === id);
  const placement = config.layout.find((p) => p.i === id);
  if (!widget || !placement) return config;
  const copy = { ...structuredClone(widget), id: newId, title: `${widget.title} (copy)` };
  return {
    ...config,
    widgets: [...config.widgets, copy],
    layout: [...config.layout, placeBelow(config.layout, newId, placement)],
  };
}
