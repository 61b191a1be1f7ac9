import { defineOperation } from "../../operations/operation.ts";
import { idParams } from "../shared/paging.ts";
import { getTenant } from "./get-tenant.ts";
import { listTenants } from "./list-tenants.ts";
import { listTenantsInput, updateTenantInput } from "./schemas.ts";
import { updateTenant } from "./update-tenant.ts";

const tag = "System administration";

/** Tenant management across tenants: system administrators only. */
export const adminOperations = {
  listTenants: defineOperation({
    method: "GET",
    path: "/admin/tenants",
    tag,
    summary: "List tenants (system administrators)",
    access: "system",
    query: listTenantsInput,
    handler: ({ deps, query }) => listTenants(deps, query),
  }),
  getTenant: defineOperation({
    method: "GET",
    path: "/admin/tenants/{id}",
    tag,
    summary: "Get a tenant with its limits and usage",
    access: "system",
    params: idParams,
    handler: ({ deps, params }) => getTenant(deps, params.id),
  }),
  updateTenant: defineOperation({
    method: "PATCH",
    path: "/admin/tenants/{id}",
    tag,
    summary: "Rename a tenant or set its limits",
    description:
      "`limits: {maxDevices, maxUsers, maxRetentionDays, ...}`; null removes a limit. Creating beyond a limit answers 403; `maxRetentionDays` caps the telemetry retention the tenant sets itself (`PUT /tenant/telemetry-retention` answers 422 above it) and, until it sets a shorter one, how long its telemetry is kept.",
    access: "system",
    params: idParams,
    body: updateTenantInput,
    example: { limits: { maxDevices: 1000, maxUsers: 50, maxRetentionDays: 90 } },
    handler: ({ deps, actor, params, body }) => updateTenant(deps, actor, params.id, body),
  }),
};
