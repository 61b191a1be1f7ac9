import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN, TENANT_USERS } from "../../operations/roles.ts";
import { getConnectionInfo } from "../credentials/connection-info.ts";
import { getDeviceCredentials } from "../credentials/get-credentials.ts";
import { replaceDeviceCredentials } from "../credentials/replace-credentials.ts";
import { credentialsInput, credentialsView } from "../credentials/schemas.ts";
import { idParams, pageOf } from "../shared/paging.ts";
import { createDevice } from "./create-device.ts";
import { deleteDevice } from "./delete-device.ts";
import { getDevice } from "./get-device.ts";
import { listDevices } from "./list-devices.ts";
import { createDeviceInput, deviceView, listDevicesInput, updateDeviceInput } from "./schemas.ts";
import { updateDevice } from "./update-device.ts";

const tag = "Devices";

export const deviceOperations = {
  list: defineOperation({
    method: "GET",
    path: "/devices",
    tag,
    summary: "List devices",
    description: "Search matches name, label and type. Customer users see only their customer's devices.",
    access: "tenant",
    roles: TENANT_USERS,
    query: listDevicesInput,
    response: pageOf(deviceView),
    handler: ({ ctx, query }) => listDevices(ctx, query),
  }),
  create: defineOperation({
    method: "POST",
    path: "/devices",
    tag,
    summary: "Create a device (with a generated access token)",
    access: "tenant",
    roles: TENANT_ADMIN,
    body: createDeviceInput,
    example: { name: "Boiler 7", type: "boiler" },
    response: deviceView,
    successStatus: 201,
    handler: ({ ctx, body }) => createDevice(ctx, body),
  }),
  get: defineOperation({
    method: "GET",
    path: "/devices/{id}",
    tag,
    summary: "Get a device",
    access: "tenant",
    roles: TENANT_USERS,
    params: idParams,
    response: deviceView,
    handler: ({ ctx, params }) => getDevice(ctx, params.id),
  }),
  update: defineOperation({
    method: "PATCH",
    path: "/devices/{id}",
    tag,
    summary: "Update a device",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    body: updateDeviceInput,
    example: { label: "Second floor" },
    response: deviceView,
    handler: ({ ctx, params, body }) => updateDevice(ctx, params.id, body),
  }),
  delete: defineOperation({
    method: "DELETE",
    path: "/devices/{id}",
    tag,
    summary: "Delete a device and its credentials",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    handler: ({ ctx, params }) => deleteDevice(ctx, params.id),
  }),
  credentials: defineOperation({
    method: "GET",
    path: "/devices/{id}/credentials",
    tag,
    summary: "Get the device's credentials",
    description: "Credentials let their holder act as the device: read-only API keys may not read them.",
    access: "tenant",
    roles: TENANT_ADMIN,
    scope: "write",
    params: idParams,
    response: credentialsView,
    handler: ({ ctx, params }) => getDeviceCredentials(ctx, params.id),
  }),
  replaceCredentials: defineOperation({
    method: "PUT",
    path: "/devices/{id}/credentials",
    tag,
    summary: "Replace the device's credentials",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    body: credentialsInput,
    example: { type: "ACCESS_TOKEN" },
    description:
      "`{type: ACCESS_TOKEN}` without a token generates a new one. A chosen access token must be strong (by default 20 characters mixing two of: lower-case, upper-case, digits, others); credentials another device uses answer 409, at most 5 times an hour per tenant (then 429). The old credentials stop working at once.",
    response: credentialsView,
    handler: ({ ctx, params, body, client }) => replaceDeviceCredentials(ctx, params.id, body, client),
  }),
  connectionInfo: defineOperation({
    method: "GET",
    path: "/devices/{id}/connection-info",
    tag,
    summary: "The device's credentials and the endpoints it sends data to",
    access: "tenant",
    roles: TENANT_ADMIN,
    scope: "write",
    params: idParams,
    handler: ({ ctx, params }) => getConnectionInfo(ctx, params.id),
  }),
};
