import { z } from "zod";
import { getDeviceCredentials } from "../../services/credentials/get-credentials.ts";
import { replaceDeviceCredentials } from "../../services/credentials/replace-credentials.ts";
import { credentialsInput, credentialsView } from "../../services/credentials/schemas.ts";
import { createDevice } from "../../services/devices/create-device.ts";
import { deleteDevice } from "../../services/devices/delete-device.ts";
import { getDevice } from "../../services/devices/get-device.ts";
import { listDevices } from "../../services/devices/list-devices.ts";
import { createDeviceInput, deviceView, listDevicesInput, updateDeviceInput } from "../../services/devices/schemas.ts";
import { updateDevice } from "../../services/devices/update-device.ts";
import { idParams } from "../../services/shared/paging.ts";
import { defineRoute } from "../route.ts";

const TAG = "Devices";
const ADMIN: ["TENANT_ADMIN"] = ["TENANT_ADMIN"];
const ANY_TENANT_USER: ["TENANT_ADMIN", "CUSTOMER_USER"] = ["TENANT_ADMIN", "CUSTOMER_USER"];

export const pageOf = (item: z.ZodType) =>
  z.object({ data: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });

export const deviceRoutes = [
  defineRoute({
    method: "GET",
    path: "/devices",
    tag: TAG,
    summary: "List devices",
    description: "Search matches name, label and type. Customer users see only their customer's devices.",
    access: "tenant",
    roles: ANY_TENANT_USER,
    query: listDevicesInput,
    response: pageOf(deviceView),
    handler: async ({ ctx, query }) => listDevices(ctx, query),
  }),
  defineRoute({
    method: "POST",
    path: "/devices",
    tag: TAG,
    summary: "Create a device (with a generated access token)",
    access: "tenant",
    roles: ADMIN,
    body: createDeviceInput,
    response: deviceView,
    successStatus: 201,
    handler: async ({ ctx, body }) => createDevice(ctx, body),
  }),
  defineRoute({
    method: "GET",
    path: "/devices/{id}",
    tag: TAG,
    summary: "Get a device",
    access: "tenant",
    roles: ANY_TENANT_USER,
    params: idParams,
    response: deviceView,
    handler: async ({ ctx, params }) => getDevice(ctx, params.id),
  }),
  defineRoute({
    method: "PATCH",
    path: "/devices/{id}",
    tag: TAG,
    summary: "Update a device",
    access: "tenant",
    roles: ADMIN,
    params: idParams,
    body: updateDeviceInput,
    response: deviceView,
    handler: async ({ ctx, params, body }) => updateDevice(ctx, params.id, body),
  }),
  defineRoute({
    method: "DELETE",
    path: "/devices/{id}",
    tag: TAG,
    summary: "Delete a device and its credentials",
    access: "tenant",
    roles: ADMIN,
    params: idParams,
    handler: async ({ ctx, params }) => deleteDevice(ctx, params.id),
  }),
  defineRoute({
    method: "GET",
    path: "/devices/{id}/credentials",
    tag: TAG,
    summary: "Get the device's credentials",
    access: "tenant",
    roles: ADMIN,
    params: idParams,
    response: credentialsView,
    handler: async ({ ctx, params }) => getDeviceCredentials(ctx, params.id),
  }),
  defineRoute({
    method: "PUT",
    path: "/devices/{id}/credentials",
    tag: TAG,
    summary: "Replace the device's credentials",
    description:
      "`{type: ACCESS_TOKEN}` without a token generates a new one. The old credentials stop working at once.",
    access: "tenant",
    roles: ADMIN,
    params: idParams,
    body: credentialsInput,
    response: credentialsView,
    handler: async ({ ctx, params, body }) => replaceDeviceCredentials(ctx, params.id, body),
  }),
];
