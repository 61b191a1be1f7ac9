import { describe, expect, it } from "vitest";
import { appRouter } from "../src/root.ts";
import { listOperations } from "../src/operations/registry.ts";
import { buildOpenApiDocument } from "../src/rest/openapi.ts";
import { SAMPLE_PATH_PARAMS } from "./support/operation-samples.ts";

/**
 * The registry is the one definition of every API operation: this walks it and fails where an
 * operation is missing a part that REST, OpenAPI, tRPC or the cross-tenant suite derives from it.
 */
const operations = listOperations();
const document = buildOpenApiDocument(operations, "http://localhost") as {
  paths: Record<
    string,
    Record<string, { operationId: string; requestBody?: { content: Record<string, { example?: unknown }> } }>
  >;
};
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;

describe.each(operations.map((named) => [named.name, named] as const))("%s", (name, { operation }) => {
  it("has a REST method and path of its own", () => {
    expect(operation.path).toMatch(/^\/[\w{}/.-]*$/);
    const same = operations.filter(
      (o) => o.operation.method === operation.method && o.operation.path === operation.path,
    );
    expect(same.map((o) => o.name)).toEqual([name]);
  });

  it("is in the OpenAPI document under its name", () => {
    const entry = document.paths[`/api/v1${operation.path}`]?.[operation.method.toLowerCase()];
    expect(entry?.operationId).toBe(name);
    const media = operation.upload ? "multipart/form-data" : "application/json";
    if (operation.body) expect(entry?.requestBody?.content[media]?.example).toEqual(operation.example);
  });

  it("is a tRPC procedure of the matching type", () => {
    expect(procedures[name]?._def.type).toBe(operation.method === "GET" ? "query" : "mutation");
  });

  it("declares who may call it", () => {
    expect(["public", "signed-in", "tenant", "system"]).toContain(operation.access);
    if (operation.access === "tenant") expect(operation.roles?.length).toBeGreaterThan(0);
    else expect(operation.roles).toBeUndefined();
    // Only a GET may be read-scoped; a change always needs the write scope.
    if (operation.method !== "GET") expect(operation.scope).toBe("write");
  });

  it("has a valid example body when it takes one", () => {
    if (!operation.body) return;
    if (operation.access !== "tenant" && operation.example === undefined) return;
    const parsed = operation.body.safeParse(operation.example);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });

  it("has a cross-tenant case when it takes an id", () => {
    if (operation.access !== "tenant") return;
    for (const [, param] of operation.path.matchAll(/\{(\w+)\}/g)) {
      if (param !== "id") expect(SAMPLE_PATH_PARAMS, `no sample value for {${param}}`).toHaveProperty(param!);
    }
  });
});
