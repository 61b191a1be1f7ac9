import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

/** Input PostgreSQL cannot store, or too deep to be sensible, is a 400 with a reason: never a 500. */
let h: ApiHarness;
let cookie: string;
beforeAll(async () => {
  h = await startApiHarness();
  ({ cookie } = await h.signup("guard"));
});
afterAll(async () => h?.close());

const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });

describe("input the database cannot store", () => {
  it("refuses a NUL character in a body, a key, a query string and a path", async () => {
    const body = await h.call<{ error: { code: string; message: string } }>("POST", "/api/v1/devices", {
      cookie,
      body: { name: "pump\u0000one" },
    });
    expect(body.status).toBe(400);
    expect(body.body.error.message).toMatch(/NUL/);
    const device = await h.call<{ id: string }>("POST", "/api/v1/devices", { cookie, body: { name: "Pump" } });
    const key = await h.call("POST", `/api/v1/devices/${device.body.id}/attributes/SERVER`, {
      cookie,
      body: { "mode\u0000": "eco" },
    });
    expect(key.status).toBe(400);
    expect((await h.call("GET", "/api/v1/devices?search=a%00b", { cookie })).status).toBe(400);
    expect((await h.call("GET", "/api/v1/devices/%00", { cookie })).status).toBe(400);
    const trpc = await h.call<{ error: { data: { code: string } } }>("POST", "/api/trpc/devices.create", {
      cookie,
      body: { body: { name: "x\u0000" } },
    });
    expect(trpc.body.error.data.code).toBe("BAD_REQUEST");
  });

  it("refuses nesting deeper than 32 levels, and accepts what is shallower", async () => {
    const device = await h.call<{ id: string }>("POST", "/api/v1/devices", { cookie, body: { name: "Deep" } });
    const path = `/api/v1/devices/${device.body.id}/attributes/SERVER`;
    expect((await h.call("POST", path, { cookie, body: { config: nested(40) } })).status).toBe(400);
    expect((await h.call("POST", path, { cookie, body: { config: nested(10) } })).status).toBe(200);
    const veryDeep = "[".repeat(200_000) + "]".repeat(200_000);
    const parsed = await h.call("POST", path, { cookie, body: veryDeep });
    expect(parsed.status).toBe(400);
  });
});
