// Dashboard services (one function per operation, taking the tenant context explicitly), their
// zod inputs, and the configuration schema (from @industryos/dashboard-schema, shared with packages/ui).
export * from "./dashboards.ts";
export * from "./dashboard-copies.ts";
export * from "./dashboard-sharing.ts";
export * from "./dashboard-public-link.ts";
export * from "./dashboard-inputs.ts";
export { referencedIds } from "./referenced-ids.ts";
/** The configuration schema is @industryos/dashboard-schema's (shared with packages/ui's widgets). */
export { dashboardConfigSchema, EMPTY_DASHBOARD, type DashboardConfig } from "@industryos/dashboard-schema";
