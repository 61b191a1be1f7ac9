import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import { idParams } from "../shared/paging.ts";
import { createApiKey } from "./create-api-key.ts";
import { getApiKey } from "./get-api-key.ts";
import { listApiKeys } from "./list-api-keys.ts";
import { revokeApiKey } from "./revoke-api-key.ts";
import { apiKeyView, createApiKeyInput, listApiKeysInput } from "./schemas.ts";

const tag = "API keys";

export const apiKeyOperations = {
  create: defineOperation({
    method: "POST",
    path: "/api-keys",
    tag,
    summary: "Create an API key",
    description: "The key is in the answer once; only its hash is stored. Send it as `Authorization: Bearer <key>`.",
    access: "tenant",
    roles: TENANT_ADMIN,
    body: createApiKeyInput,
    example: { name: "Reporting script", scopes: ["read"] },
    response: apiKeyView.extend({ key: apiKeyView.shape.id }),
    successStatus: 201,
    handler: ({ ctx, body }) => createApiKey(ctx, body),
  }),
  list: defineOperation({
    method: "GET",
    path: "/api-keys",
    tag,
    summary: "List active API keys",
    access: "tenant",
    roles: TENANT_ADMIN,
    query: listApiKeysInput,
    handler: ({ ctx, query }) => listApiKeys(ctx, query),
  }),
  get: defineOperation({
    method: "GET",
    path: "/api-keys/{id}",
    tag,
    summary: "Get an API key (without the secret)",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    response: apiKeyView,
    handler: ({ ctx, params }) => getApiKey(ctx, params.id),
  }),
  revoke: defineOperation({
    method: "DELETE",
    path: "/api-keys/{id}",
    tag,
    summary: "Revoke an API key",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    handler: ({ ctx, params }) => revokeApiKey(ctx, params.id),
  }),
};
