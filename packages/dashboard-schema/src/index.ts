// @industryos/dashboard-schema: the saved shape of a dashboard, one zod schema with its types
// inferred from it. The API validates every save and import with it; the console's widgets
// (@industryos/ui) are typed by it. Depends on zod only, so the browser can import it.
export {
  dashboardConfigSchema,
  EMPTY_DASHBOARD,
  type DashboardConfig,
  type WidgetConfig,
  type WidgetKind,
  type DataSource,
  type KeySettings,
  type Threshold,
  type WidgetPlacement,
  type DashboardTimeWindow,
  type DashboardState,
  type ValueOrigin,
  type ColumnSettings,
  type ImageMarker,
  MAX_IMAGE_URL_LENGTH,
} from "./dashboard-config.ts";
export { entityWidgetFields, LOCATION_KEYS, VALUE_ORIGINS } from "./entity-widget-fields.ts";
