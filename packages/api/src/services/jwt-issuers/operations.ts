import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import { idParams } from "../shared/paging.ts";
import { createJwtIssuer } from "./create-jwt-issuer.ts";
import { deleteJwtIssuer } from "./delete-jwt-issuer.ts";
import { getJwtIssuer } from "./get-jwt-issuer.ts";
import { listJwtIssuers } from "./list-jwt-issuers.ts";
import { createJwtIssuerInput, jwtIssuerPage, jwtIssuerView, listJwtIssuersInput } from "./schemas.ts";

const tag = "JWT issuers";

export const jwtIssuerOperations = {
  create: defineOperation({
    method: "POST",
    path: "/jwt-issuers",
    tag,
    summary: "Register a JWT issuer for device logins",
    description:
      "Devices whose credentials are `{type: JWT, subject}` then log in with a token of this issuer: as the MQTT password (any username) or as `Authorization: Bearer` on `POST /api/v1/jwt/telemetry|attributes` of the device API. Signature (RS256, ES256, EdDSA), `iss`, `aud` (when set), `exp` and `nbf` (with the clock skew) are checked; the `deviceClaim` claim's value names the device. Give a `jwksUri` (refreshed when a token names an unknown `kid`) or static `keys`.",
    access: "tenant",
    roles: TENANT_ADMIN,
    body: createJwtIssuerInput,
    example: {
      issuer: "https://auth.example.com/",
      audience: "industryos-devices",
      jwksUri: "https://auth.example.com/.well-known/jwks.json",
      deviceClaim: "sub",
    },
    response: jwtIssuerView,
    successStatus: 201,
    handler: ({ ctx, body }) => createJwtIssuer(ctx, body),
  }),
  list: defineOperation({
    method: "GET",
    path: "/jwt-issuers",
    tag,
    summary: "List the tenant's JWT issuers",
    access: "tenant",
    roles: TENANT_ADMIN,
    query: listJwtIssuersInput,
    response: jwtIssuerPage,
    handler: ({ ctx, query }) => listJwtIssuers(ctx, query),
  }),
  get: defineOperation({
    method: "GET",
    path: "/jwt-issuers/{id}",
    tag,
    summary: "Get a JWT issuer",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    response: jwtIssuerView,
    handler: ({ ctx, params }) => getJwtIssuer(ctx, params.id),
  }),
  delete: defineOperation({
    method: "DELETE",
    path: "/jwt-issuers/{id}",
    tag,
    summary: "Delete a JWT issuer",
    description: "Its tokens stop opening new device connections within seconds.",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    handler: ({ ctx, params }) => deleteJwtIssuer(ctx, params.id),
  }),
};
