import {
  getTenant,
  listTenants,
  listTenantsInput,
  updateTenant,
  updateTenantInput,
} from "../../services/admin/tenants.ts";
import { idParams } from "../../services/shared/paging.ts";
import { defineRoute } from "../route.ts";

const TAG = "System administration";

export const adminRoutes = [
  defineRoute({
    method: "GET",
    path: "/admin/tenants",
    tag: TAG,
    summary: "List tenants (system administrators)",
    access: "system",
    query: listTenantsInput,
    handler: ({ deps, query }) => listTenants(deps, query),
  }),
  defineRoute({
    method: "GET",
    path: "/admin/tenants/{id}",
    tag: TAG,
    summary: "Get a tenant with its limits and usage",
    access: "system",
    params: idParams,
    handler: ({ deps, params }) => getTenant(deps, params.id),
  }),
  defineRoute({
    method: "PATCH",
    path: "/admin/tenants/{id}",
    tag: TAG,
    summary: "Rename a tenant or set its limits",
    description: "`limits: {maxDevices, maxUsers}`; null removes a limit. Creating beyond a limit answers 403.",
    access: "system",
    params: idParams,
    body: updateTenantInput,
    handler: ({ deps, actor, params, body }) => updateTenant(deps, actor, params.id, body),
  }),
];
