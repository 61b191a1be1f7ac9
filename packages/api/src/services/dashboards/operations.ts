import { z } from "zod";
import { crudOperations } from "../../operations/crud.ts";
import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN, TENANT_USERS } from "../../operations/roles.ts";
import { idParams } from "../shared/paging.ts";
import { assignDashboardCustomers } from "./assign-dashboard-customers.ts";
import { createDashboard } from "./create-dashboard.ts";
import { deleteDashboard } from "./delete-dashboard.ts";
import { duplicateDashboard } from "./duplicate-dashboard.ts";
import { exportDashboard } from "./export-dashboard.ts";
import { getDashboard } from "./get-dashboard.ts";
import { getPublicDashboard } from "./get-public-dashboard.ts";
import { importDashboard } from "./import-dashboard.ts";
import { listDashboards } from "./list-dashboards.ts";
import {
  assignCustomersInput,
  createDashboardInput,
  importDashboardInput,
  listDashboardsInput,
  updateDashboardInput,
} from "./schemas.ts";
import { setDashboardPublic } from "./set-dashboard-public.ts";
import { updateDashboard } from "./update-dashboard.ts";

const tag = "Dashboards";
const tenant = "tenant" as const;

/** Dashboards: CRUD (customer users read the ones shared with them), duplicate, export/import, sharing. */
export const dashboardOperations = {
  ...crudOperations({
    path: "/dashboards",
    tag,
    noun: "dashboard",
    readRoles: TENANT_USERS,
    writeRoles: TENANT_ADMIN,
    listInput: listDashboardsInput,
    createInput: createDashboardInput,
    updateInput: updateDashboardInput,
    createExample: { title: "Plant overview" },
    updateExample: { title: "Plant overview (night shift)" },
    list: listDashboards,
    get: getDashboard,
    create: createDashboard,
    update: updateDashboard,
    remove: deleteDashboard,
  }),
  import: defineOperation({
    method: "POST",
    path: "/dashboards/import",
    tag,
    summary: "Create a dashboard from exported JSON",
    access: tenant,
    roles: TENANT_ADMIN,
    body: importDashboardInput,
    example: {
      title: "Imported overview",
      configuration: { version: 1, widgets: [], layout: [], timeWindow: { type: "realtime", lastMs: 3_600_000 } },
    },
    successStatus: 201,
    handler: ({ ctx, body }) => importDashboard(ctx, body),
  }),
  duplicate: defineOperation({
    method: "POST",
    path: "/dashboards/{id}/duplicate",
    tag,
    summary: "Duplicate a dashboard",
    access: tenant,
    roles: TENANT_ADMIN,
    params: idParams,
    successStatus: 201,
    handler: ({ ctx, params }) => duplicateDashboard(ctx, params.id),
  }),
  export: defineOperation({
    method: "GET",
    path: "/dashboards/{id}/export",
    tag,
    summary: "Export a dashboard as JSON",
    access: tenant,
    roles: TENANT_ADMIN,
    params: idParams,
    handler: ({ ctx, params }) => exportDashboard(ctx, params.id),
  }),
  setPublic: defineOperation({
    method: "PUT",
    path: "/dashboards/{id}/public",
    tag,
    summary: "Make a dashboard public (unguessable link) or revoke its link",
    access: tenant,
    roles: TENANT_ADMIN,
    params: idParams,
    body: z.object({ enabled: z.boolean() }),
    example: { enabled: true },
    handler: ({ ctx, params, body }) => setDashboardPublic(ctx, params.id, body.enabled),
  }),
  getPublic: defineOperation({
    method: "GET",
    path: "/public/dashboards/{publicId}",
    tag,
    summary: "A public dashboard, by its link id (no sign-in)",
    access: "public",
    params: z.object({ publicId: z.string().min(1).max(128) }),
    handler: ({ deps, params }) => getPublicDashboard(deps.db.system, params.publicId),
  }),
  assignCustomers: defineOperation({
    method: "PUT",
    path: "/dashboards/{id}/customers",
    tag,
    summary: "Share a dashboard with exactly these customers",
    access: tenant,
    roles: TENANT_ADMIN,
    params: idParams,
    body: assignCustomersInput,
    example: { customerIds: [] },
    handler: ({ ctx, params, body }) => assignDashboardCustomers(ctx, params.id, body),
  }),
};
