import { z } from "zod";
import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN, TENANT_USERS } from "../../operations/roles.ts";
import { entityParams } from "../entities/schemas.ts";
import { deleteAttributes } from "./delete-attributes.ts";
import { listAttributes } from "./list-attributes.ts";
import { saveAttributes } from "./save-attributes.ts";
import { attributeKeyList, attributeValues, attributeView, listAttributesInput, writableScope } from "./schemas.ts";

const tag = "Attributes";
const scopeParams = entityParams.extend({ scope: writableScope });
const entities =
  "`entityType` is `devices`, `assets`, `customers` or `tenants` (your own tenant's id). Only devices have SHARED attributes; every entity has SERVER attributes.";

export const attributeOperations = {
  list: defineOperation({
    method: "GET",
    path: "/{entityType}/{id}/attributes",
    tag,
    summary: "List the entity's attributes",
    description: `\`scope\` is CLIENT, SHARED or SERVER (all when omitted); \`keys\` a comma-separated list. ${entities}`,
    access: "tenant",
    roles: TENANT_USERS,
    params: entityParams,
    query: listAttributesInput,
    response: z.array(attributeView),
    handler: ({ ctx, params, query }) => listAttributes(ctx, params.entityType, params.id, query),
  }),
  save: defineOperation({
    method: "POST",
    path: "/{entityType}/{id}/attributes/{scope}",
    tag,
    summary: "Save SHARED or SERVER attributes",
    description: `Body \`{key: value, ...}\`. Shared attributes are pushed to the device at once. ${entities}`,
    access: "tenant",
    roles: TENANT_ADMIN,
    params: scopeParams,
    body: attributeValues,
    example: { targetTemperature: 21.5, mode: "eco" },
    response: z.array(attributeView),
    handler: ({ ctx, params, body }) => saveAttributes(ctx, params.entityType, params.id, params.scope, body),
  }),
  delete: defineOperation({
    method: "DELETE",
    path: "/{entityType}/{id}/attributes/{scope}",
    tag,
    summary: "Delete SHARED or SERVER attributes",
    description: entities,
    access: "tenant",
    roles: TENANT_ADMIN,
    params: scopeParams,
    query: z.object({ keys: attributeKeyList.pipe(z.array(z.string()).min(1, "Name the keys to delete")) }),
    handler: ({ ctx, params, query }) => deleteAttributes(ctx, params.entityType, params.id, params.scope, query.keys),
  }),
};
