import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

// Renaming an edge (PATCH /api/v1/edges/{id}, tRPC edges.update): the name changes in the list, the key and
// secret keep working, the change is audited (as are creating and deleting one), a bad name is refused in words, another tenant's edge is a 404.
type Edge = { id: string; name: string; routingKey: string; secret: string };
type Refusal = { error: { code: string; details?: { path: string[]; message: string }[] } };

let h: ApiHarness;
let apiKey: string;
let otherApiKey: string;
let edge: Edge;

const keyOf = async (label: string) => {
  const admin = await h.signup(label);
  return (await h.call<{ key: string }>("POST", "/api/v1/api-keys", { cookie: admin.cookie, body: { name: "k" } })).body
    .key;
};
const rename = (id: string, name: string, key = apiKey) =>
  h.call<Edge & Refusal>("PATCH", `/api/v1/edges/${id}`, { apiKey: key, body: { name } });

beforeAll(async () => {
  h = await startApiHarness();
  apiKey = await keyOf("edge-rename");
  otherApiKey = await keyOf("edge-rename-other");
  edge = (await h.call<Edge>("POST", "/api/v1/edges", { apiKey, body: { name: "Plant Hamburg" } })).body;
  await h.call("POST", "/api/v1/edges", { apiKey, body: { name: "Plant Bremen" } });
});
afterAll(async () => h?.close());

describe("renaming an edge", () => {
  it("renames it in the list, keeps its key and secret working, and audits the change", async () => {
    const renamed = await rename(edge.id, "  Plant Hamburg, hall 2 ");
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect([renamed.body.name, renamed.body.routingKey]).toEqual(["Plant Hamburg, hall 2", edge.routingKey]);
    const list = await h.call<{ data: Edge[] }>("GET", "/api/v1/edges", { apiKey });
    expect(list.body.data.map((e) => e.name)).toEqual(["Plant Bremen", "Plant Hamburg, hall 2"]);

    const pulled = await h.call<{ edge: { name: string } }>("GET", "/api/v1/edge/downlink", {
      headers: { authorization: `Edge ${edge.routingKey}:${edge.secret}` },
    });
    expect(pulled.status).toBe(200);
    expect(pulled.body.edge.name).toBe("Plant Hamburg, hall 2");

    const audit = await h.call<{ data: { actionType: string; entityName: string; actionData: unknown }[] }>(
      "GET",
      `/api/v1/audit-logs?entityId=${edge.id}`,
      { apiKey },
    );
    expect(audit.body.data.map((a) => [a.actionType, a.entityName, a.actionData])).toEqual([
      ["UPDATED", "Plant Hamburg, hall 2", { kind: "edge", previousName: "Plant Hamburg" }],
      ["ADDED", "Plant Hamburg", { kind: "edge" }],
    ]);
  });

  it("refuses an empty, a too long and a taken name in words", async () => {
    for (const [name, words] of [
      ["   ", "Name the edge after its site"],
      ["x".repeat(101), "Keep the edge's name to 100 characters"],
    ] as const) {
      const refused = await rename(edge.id, name);
      expect(refused.status).toBe(422);
      expect(refused.body.error.details?.map((d) => [d.path[0], d.message])).toEqual([["name", words]]);
    }
    const taken = await rename(edge.id, "Plant Bremen");
    expect([taken.status, taken.body.error.code]).toEqual([409, "CONFLICT"]);
    expect((await h.call<Edge>("GET", `/api/v1/edges/${edge.id}`, { apiKey })).body.name).toBe("Plant Hamburg, hall 2");
  });

  it("audits deleting an edge under the name it had", async () => {
    const doomed = (await h.call<Edge>("POST", "/api/v1/edges", { apiKey, body: { name: "Plant Kiel" } })).body;
    expect((await h.call("DELETE", `/api/v1/edges/${doomed.id}`, { apiKey })).status).toBe(204);
    const audit = await h.call<{ data: { actionType: string; entityName: string }[] }>(
      "GET",
      `/api/v1/audit-logs?entityId=${doomed.id}`,
      { apiKey },
    );
    expect(audit.body.data.map((a) => [a.actionType, a.entityName])).toEqual([
      ["DELETED", "Plant Kiel"],
      ["ADDED", "Plant Kiel"],
    ]);
  });

  it("answers 404 for another tenant's edge and leaves it as it was", async () => {
    const foreign = await rename(edge.id, "Taken over", otherApiKey);
    expect([foreign.status, foreign.body.error.code]).toEqual([404, "NOT_FOUND"]);
    expect((await h.call<Edge>("GET", `/api/v1/edges/${edge.id}`, { apiKey })).body.name).toBe("Plant Hamburg, hall 2");
  });
});
