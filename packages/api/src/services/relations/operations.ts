import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import { idParams } from "../shared/paging.ts";
import { createRelation } from "./create-relation.ts";
import { deleteRelation } from "./delete-relation.ts";
import { getRelation } from "./get-relation.ts";
import { listRelations } from "./list-relations.ts";
import { createRelationInput, listRelationsInput } from "./schemas.ts";

const tag = "Relations";

export const relationOperations = {
  list: defineOperation({
    method: "GET",
    path: "/relations",
    tag,
    summary: "List relations (filter by fromId, toId, type)",
    access: "tenant",
    roles: TENANT_ADMIN,
    query: listRelationsInput,
    handler: ({ ctx, query }) => listRelations(ctx, query),
  }),
  create: defineOperation({
    method: "POST",
    path: "/relations",
    tag,
    summary: "Relate two entities",
    access: "tenant",
    roles: TENANT_ADMIN,
    body: createRelationInput,
    example: {
      from: { type: "ASSET", id: "3f0c9a4e-8a7b-4d2e-9c1f-5b6a7d8e9f01" },
      to: { type: "DEVICE", id: "7b1d2c3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e" },
      type: "Contains",
    },
    successStatus: 201,
    handler: ({ ctx, body }) => createRelation(ctx, body),
  }),
  get: defineOperation({
    method: "GET",
    path: "/relations/{id}",
    tag,
    summary: "Get a relation",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    handler: ({ ctx, params }) => getRelation(ctx, params.id),
  }),
  delete: defineOperation({
    method: "DELETE",
    path: "/relations/{id}",
    tag,
    summary: "Delete a relation",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    handler: ({ ctx, params }) => deleteRelation(ctx, params.id),
  }),
};
