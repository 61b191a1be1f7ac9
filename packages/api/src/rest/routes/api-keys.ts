import { createApiKey, getApiKey, listApiKeys, revokeApiKey } from "../../services/api-keys/api-keys.ts";
import { apiKeyView, createApiKeyInput, listApiKeysInput } from "../../services/api-keys/schemas.ts";
import { idParams } from "../../services/shared/paging.ts";
import { defineRoute } from "../route.ts";

const TAG = "API keys";
const ADMIN = ["TENANT_ADMIN"] as const;

export const apiKeyRoutes = [
  defineRoute({
    method: "POST",
    path: "/api-keys",
    tag: TAG,
    summary: "Create an API key",
    description: "The key is in the answer once; only its hash is stored. Send it as `Authorization: Bearer <key>`.",
    access: "tenant",
    roles: [...ADMIN],
    body: createApiKeyInput,
    response: apiKeyView.extend({ key: apiKeyView.shape.id }),
    successStatus: 201,
    handler: async ({ ctx, body }) => createApiKey(ctx, body),
  }),
  defineRoute({
    method: "GET",
    path: "/api-keys",
    tag: TAG,
    summary: "List active API keys",
    access: "tenant",
    roles: [...ADMIN],
    query: listApiKeysInput,
    handler: async ({ ctx, query }) => listApiKeys(ctx, query),
  }),
  defineRoute({
    method: "GET",
    path: "/api-keys/{id}",
    tag: TAG,
    summary: "Get an API key (without the secret)",
    access: "tenant",
    roles: [...ADMIN],
    params: idParams,
    response: apiKeyView,
    handler: async ({ ctx, params }) => getApiKey(ctx, params.id),
  }),
  defineRoute({
    method: "DELETE",
    path: "/api-keys/{id}",
    tag: TAG,
    summary: "Revoke an API key",
    access: "tenant",
    roles: [...ADMIN],
    params: idParams,
    handler: async ({ ctx, params }) => revokeApiKey(ctx, params.id),
  }),
];
