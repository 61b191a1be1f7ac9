import {
  assignCustomersInput,
  assignDashboardCustomers,
  createDashboard,
  createDashboardInput,
  deleteDashboard,
  duplicateDashboard,
  exportDashboard,
  getDashboard,
  getPublicDashboard,
  importDashboard,
  importDashboardInput,
  listDashboards,
  listDashboardsInput,
  setDashboardPublic,
  updateDashboard,
  updateDashboardInput,
} from "../../services/dashboards/index.ts";
import { z } from "zod";
import { idParams } from "../../services/shared/paging.ts";
import { defineRoute } from "../route.ts";
import { crudRoutes } from "./crud.ts";

const ADMIN: ["TENANT_ADMIN"] = ["TENANT_ADMIN"];
const ANY_TENANT_USER: ["TENANT_ADMIN", "CUSTOMER_USER"] = ["TENANT_ADMIN", "CUSTOMER_USER"];
const tag = "Dashboards";

/** Dashboards: CRUD (customer users read the ones shared with them), duplicate, export/import, sharing. */
export const dashboardRoutes = [
  ...crudRoutes({
    path: "/dashboards",
    tag,
    noun: "dashboard",
    readRoles: ANY_TENANT_USER,
    writeRoles: ADMIN,
    listInput: listDashboardsInput,
    createInput: createDashboardInput,
    updateInput: updateDashboardInput,
    list: listDashboards,
    get: getDashboard,
    create: createDashboard,
    update: updateDashboard,
    remove: deleteDashboard,
  }),
  defineRoute({
    method: "POST",
    path: "/dashboards/import",
    tag,
    summary: "Create a dashboard from exported JSON",
    access: "tenant",
    roles: ADMIN,
    body: importDashboardInput,
    successStatus: 201,
    handler: ({ ctx, body }) => importDashboard(ctx, body),
  }),
  defineRoute({
    method: "POST",
    path: "/dashboards/{id}/duplicate",
    tag,
    summary: "Duplicate a dashboard",
    access: "tenant",
    roles: ADMIN,
    params: idParams,
    successStatus: 201,
    handler: ({ ctx, params }) => duplicateDashboard(ctx, params.id),
  }),
  defineRoute({
    method: "GET",
    path: "/dashboards/{id}/export",
    tag,
    summary: "Export a dashboard as JSON",
    access: "tenant",
    roles: ADMIN,
    params: idParams,
    handler: ({ ctx, params }) => exportDashboard(ctx, params.id),
  }),
  defineRoute({
    method: "PUT",
    path: "/dashboards/{id}/public",
    tag,
    summary: "Make a dashboard public (unguessable link) or revoke its link",
    access: "tenant",
    roles: ADMIN,
    params: idParams,
    body: z.object({ enabled: z.boolean() }),
    handler: ({ ctx, params, body }) => setDashboardPublic(ctx, params.id, body.enabled),
  }),
  defineRoute({
    method: "GET",
    path: "/public/dashboards/{publicId}",
    tag,
    summary: "A public dashboard, by its link id (no sign-in)",
    access: "public",
    params: z.object({ publicId: z.string().min(1).max(128) }),
    handler: ({ deps, params }) => getPublicDashboard(deps.db.system, params.publicId),
  }),
  defineRoute({
    method: "PUT",
    path: "/dashboards/{id}/customers",
    tag,
    summary: "Share a dashboard with exactly these customers",
    access: "tenant",
    roles: ADMIN,
    params: idParams,
    body: assignCustomersInput,
    handler: ({ ctx, params, body }) => assignDashboardCustomers(ctx, params.id, body),
  }),
];
