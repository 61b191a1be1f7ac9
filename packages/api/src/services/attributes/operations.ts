import { z } from "zod";
import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN, TENANT_USERS } from "../../operations/roles.ts";
import { idParams, uuid } from "../shared/paging.ts";
import { deleteDeviceAttributes, listDeviceAttributes, saveDeviceAttributes } from "./attributes.ts";
import { attributeKeyList, attributeValues, attributeView, listAttributesInput, writableScope } from "./schemas.ts";

const tag = "Attributes";
const scopeParams = z.object({ id: uuid, scope: writableScope });

export const attributeOperations = {
  list: defineOperation({
    method: "GET",
    path: "/devices/{id}/attributes",
    tag,
    summary: "List the device's attributes",
    description: "`scope` is CLIENT, SHARED or SERVER (all when omitted); `keys` a comma-separated list.",
    access: "tenant",
    roles: TENANT_USERS,
    params: idParams,
    query: listAttributesInput,
    response: z.array(attributeView),
    handler: ({ ctx, params, query }) => listDeviceAttributes(ctx, params.id, query),
  }),
  save: defineOperation({
    method: "POST",
    path: "/devices/{id}/attributes/{scope}",
    tag,
    summary: "Save SHARED or SERVER attributes",
    description: "Body `{key: value, ...}`. Shared attributes are pushed to the device at once.",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: scopeParams,
    body: attributeValues,
    example: { targetTemperature: 21.5, mode: "eco" },
    response: z.array(attributeView),
    handler: ({ ctx, params, body }) => saveDeviceAttributes(ctx, params.id, params.scope, body),
  }),
  delete: defineOperation({
    method: "DELETE",
    path: "/devices/{id}/attributes/{scope}",
    tag,
    summary: "Delete SHARED or SERVER attributes",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: scopeParams,
    query: z.object({ keys: attributeKeyList.pipe(z.array(z.string()).min(1, "Name the keys to delete")) }),
    handler: ({ ctx, params, query }) => deleteDeviceAttributes(ctx, params.id, params.scope, query.keys),
  }),
};
