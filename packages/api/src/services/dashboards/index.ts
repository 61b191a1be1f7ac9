// Dashboard services (one function per operation, taking the tenant context explicitly), their
// zod inputs, and the configuration schema shared with packages/ui's widgets.
export * from "./dashboards.ts";
export * from "./dashboard-copies.ts";
export * from "./dashboard-sharing.ts";
export * from "./dashboard-public-link.ts";
export * from "./dashboard-inputs.ts";
export {
  dashboardConfigSchema,
  EMPTY_CONFIGURATION,
  referencedIds,
  type DashboardConfigInput,
} from "./dashboard-config-schema.ts";
