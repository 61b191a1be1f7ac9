// Dashboard widgets, their settings form, and the pure helpers behind them.
export * from "./widget-config.ts";
export { newWidget } from "./new-widget.ts";
export { RenderWidget } from "./render-widget.tsx";
export { WidgetSettingsForm, type EntityOptions } from "./settings-form.tsx";
export { LiveDataProvider, useLiveData, type LiveState } from "./live-context.tsx";
export { type RpcCaller } from "./rpc-widget.tsx";
export { AlarmsDataProvider, type AlarmItem, type AlarmsWidgetData } from "./alarms-widget.tsx";
export { Markdown } from "./markdown.tsx";
export { applyData, latestOf } from "./live-data.ts";
export { chooseAggregation, toSubscriptionWindow, REALTIME_PRESETS, MAX_CHART_POINTS } from "./time-window.ts";
export { thresholdColor, formatKeyValue } from "./thresholds.ts";
export { toCsv } from "./csv.ts";
export { toSubscriptionSource } from "./data-source.ts";
export {
  EntityNavigationProvider,
  useOpenEntity,
  type OpenedEntity,
  type OpenEntityState,
} from "./entity-navigation.tsx";
export { devicePositions, type DevicePosition } from "./device-positions.ts";
export { sortEntityRows, nextSort, type EntitySort } from "./entity-sort.ts";
export { entityRows, keysFrom, type EntityRow, type EntityField, type ValuesByOrigin } from "./entity-values.ts";
