import { defineOperation } from "../../operations/operation.ts";
import { openApiDocumentFor } from "../../rest/openapi.ts";

export const referenceOperations = {
  openApi: defineOperation({
    method: "GET",
    path: "/openapi.json",
    tag: "Reference",
    summary: "This OpenAPI 3.1 document",
    access: "public",
    handler: async ({ deps }) => openApiDocumentFor(deps.publicUrl),
  }),
};
