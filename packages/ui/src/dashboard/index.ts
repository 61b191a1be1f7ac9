// Dashboard builder: the grid, the view/edit page and the time window.
// Client components; wrap them in <LiveDataProvider client={new RealtimeClient(...)}>.
export { DashboardView, type DashboardViewProps } from "./dashboard-view.tsx";
export { DashboardGrid, GRID_COLUMNS, breakpointFor } from "./dashboard-grid.tsx";
export {
  DASHBOARD_BREAKPOINTS,
  responsiveLayouts,
  stackedLayout,
  twoUpLayout,
  type DashboardBreakpoint,
} from "./responsive-layouts.ts";
export { TimeWindowPicker } from "./time-window-picker.tsx";
export { addWidget, replaceWidget, removeWidget, duplicateWidget, placeBelow } from "./dashboard-editor.ts";
/** The live connection a dashboard page opens (the pages themselves, which load data, are apps/web's). */
export { useLiveClient } from "./use-live-client.ts";
