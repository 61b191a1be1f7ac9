import { z } from "zod";
import { ERROR_STATUS } from "../errors.ts";
import { listOperations, type NamedOperation } from "../operations/registry.ts";

const jsonSchema = (schema: z.ZodType, io: "input" | "output") => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return rest;
};

/** An upload's form: its text fields, then the file part (which must come last). */
function multipartSchema(fields: z.ZodType, fileField: string) {
  const schema = jsonSchema(fields, "input") as { properties?: Record<string, unknown>; required?: string[] };
  return {
    ...schema,
    properties: { ...schema.properties, [fileField]: { type: "string", format: "binary" } },
    required: [...(schema.required ?? []), fileField],
  };
}

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", enum: Object.keys(ERROR_STATUS) },
        message: { type: "string" },
        details: {},
      },
    },
  },
};

const ERROR_DESCRIPTIONS: Record<string, string> = {
  "400": "Malformed request (bad JSON or query parameters)",
  "401": "Not signed in, or the API key is invalid",
  "403": "The caller's role (or API key scope) does not allow this, or a cross-site request",
  "404": "Not found (or it belongs to another tenant)",
  "409": "Conflicts with an existing record",
  "422": "The body failed validation; `details` lists each problem",
  "429": "Too many attempts; see Retry-After",
};

/** The OpenAPI 3.1 document, generated from the same route table and zod schemas the adapter enforces. */
export function buildOpenApiDocument(operations: NamedOperation[], serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { name, operation: route } of operations) {
    const parameters: unknown[] = [];
    for (const [location, schema] of [
      ["path", route.params],
      ["query", route.query],
    ] as const) {
      if (!schema) continue;
      const s = jsonSchema(schema, "input") as { properties?: Record<string, unknown>; required?: string[] };
      for (const [parameter, prop] of Object.entries(s.properties ?? {})) {
        parameters.push({
          name: parameter,
          in: location,
          required: location === "path" || (s.required ?? []).includes(parameter),
          schema: prop,
        });
      }
    }
    const success = String(route.successStatus ?? (route.method === "DELETE" ? 204 : 200));
    const errors =
      route.access === "public" ? ["400", "422", "429"] : ["400", "401", "403", "404", "409", "422", "429"];
    const operation = {
      tags: [route.tag],
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      operationId: name,
      "x-trpc": { path: name, type: route.kind },
      ...(route.access === "public" ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: {
                [route.upload ? "multipart/form-data" : "application/json"]: {
                  schema: route.upload
                    ? multipartSchema(route.body, route.upload.fileField)
                    : jsonSchema(route.body, "input"),
                  ...(route.example === undefined ? {} : { example: route.example }),
                },
                ...Object.fromEntries(
                  Object.entries(route.bodyFormats ?? {}).map(([type, format]) => [type, { schema: format.schema }]),
                ),
              },
            },
          }
        : {}),
      responses: {
        [success]: {
          description: success === "204" ? "Done" : "Success",
          ...(route.response
            ? { content: { "application/json": { schema: jsonSchema(route.response, "output") } } }
            : {}),
        },
        ...Object.fromEntries(
          errors.map((status) => [
            status,
            {
              description: ERROR_DESCRIPTIONS[status],
              content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
            },
          ]),
        ),
      },
    };
    const path = `/api/v1${route.path}`;
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "IndustryOS platform API",
      version: "1.0.0",
      description:
        'Manage devices, assets, customers and more. Authenticate with `Authorization: Bearer <API key>` (create keys in the console or at POST /api/v1/api-keys), or with the session cookie from the console. Errors are `{"error": {"code", "message", "details"?}}`.',
    },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }, { session: [] }],
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An API key created in the console" },
        session: { type: "apiKey", in: "cookie", name: "industryos_session" },
      },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}

const documents = new Map<string, ReturnType<typeof buildOpenApiDocument>>();

/** The document for the whole registry, built once per server URL. */
export function openApiDocumentFor(serverUrl: string) {
  let document = documents.get(serverUrl);
  if (!document) {
    document = buildOpenApiDocument(listOperations(), serverUrl);
    documents.set(serverUrl, document);
  }
  return document;
}
