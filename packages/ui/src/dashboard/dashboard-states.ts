import type { DashboardConfig, DashboardState, WidgetConfig, WidgetPlacement } from "../widgets/widget-config.ts";

/** What one state of a dashboard shows: its widgets and their layout (the default state's are the dashboard's own). */
export interface DashboardScreen {
  widgets: WidgetConfig[];
  layout: WidgetPlacement[];
}

/** The state being shown, and the entity it was opened for (null: the default state). */
export interface StateView {
  stateId: string;
  entity: { id: string; name: string } | null;
}

export function findState(config: DashboardConfig, stateId: string | null | undefined): DashboardState | undefined {
  return stateId ? config.states?.find((s) => s.id === stateId) : undefined;
}

/** The widgets and layout of a state; the default state's for null or a state that no longer exists. */
export function screenOf(config: DashboardConfig, stateId: string | null | undefined): DashboardScreen {
  const state = findState(config, stateId);
  return state ? { widgets: state.widgets, layout: state.layout } : { widgets: config.widgets, layout: config.layout };
}

/** The dashboard with one state's widgets and layout replaced. */
export function withScreen(
  config: DashboardConfig,
  stateId: string | null | undefined,
  screen: DashboardScreen,
): DashboardConfig {
  const state = findState(config, stateId);
  if (!state) return { ...config, widgets: screen.widgets, layout: screen.layout };
  return { ...config, states: config.states!.map((s) => (s.id === state.id ? { ...s, ...screen } : s)) };
}

/** A new, empty named state. */
export function addState(config: DashboardConfig, id: string, name: string): DashboardConfig {
  return { ...config, states: [...(config.states ?? []), { id, name, widgets: [], layout: [] }] };
}

/** Removes a state, and makes clicks that opened it open nothing (the schema refuses a click target that is gone). */
export function removeState(config: DashboardConfig, stateId: string): DashboardConfig {
  const unlink = (widgets: WidgetConfig[]) =>
    widgets.map((w) => ("detailStateId" in w && w.detailStateId === stateId ? { ...w, detailStateId: undefined } : w));
  const states = (config.states ?? []).filter((s) => s.id !== stateId);
  return {
    ...config,
    widgets: unlink(config.widgets),
    states: states.map((s) => ({ ...s, widgets: unlink(s.widgets) })),
  };
}

/**
 * A widget as the state shows it: an "entity from state" source becomes the entity the state was opened for
 * (or no device yet, while it was opened for none, e.g. when editing it).
 */
export function bindStateEntity(widget: WidgetConfig, entityId: string | null): WidgetConfig {
  if (!("source" in widget) || widget.source.type !== "entityFromState") return widget;
  return { ...widget, source: { type: "device", deviceId: entityId ?? "" } };
}
