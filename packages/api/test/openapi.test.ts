import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listOperations } from "../src/operations/registry.ts";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => h?.close());

interface Doc {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string }[];
        requestBody?: { content: Record<string, { schema: { properties?: object } }> };
        responses: Record<string, unknown>;
      }
    >
  >;
}

describe("GET /api/v1/openapi.json", () => {
  it("is public and documents every route with its parameters, body and errors", async () => {
    const result = await h.call<Doc>("GET", "/api/v1/openapi.json");
    expect(result.status).toBe(200);
    const doc = result.body;
    expect(doc.openapi).toBe("3.1.0");
    for (const { operation: route } of listOperations()) {
      const op = doc.paths[`/api/v1${route.path}`]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      for (const name of route.path.match(/\{(\w+)\}/g) ?? []) {
        expect(op!.parameters?.some((p) => p.in === "path" && `{${p.name}}` === name)).toBe(true);
      }
      if (route.body)
        expect(op!.requestBody?.content[route.upload ? "multipart/form-data" : "application/json"]).toBeDefined();
    }
    const createDevice = doc.paths["/api/v1/devices"]!.post!;
    expect(Object.keys(createDevice.requestBody!.content["application/json"]!.schema.properties!)).toEqual(
      expect.arrayContaining(["name", "label", "type", "profileId", "customerId", "gateway"]),
    );
    expect(Object.keys(createDevice.responses)).toEqual(expect.arrayContaining(["201", "401", "403", "422"]));
    const list = doc.paths["/api/v1/devices"]!.get!;
    expect(list.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(["page", "pageSize", "search"]));
  });
});
