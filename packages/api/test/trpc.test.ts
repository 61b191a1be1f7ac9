import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPC_MAX_BATCH } from "../src/limits.ts";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

let h: ApiHarness;

beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => h?.close());

/** The console's tRPC endpoint: same services, same tenant isolation, same CSRF rule. */
describe("tRPC", () => {
  it("lists the caller's devices and hides another tenant's device as NOT_FOUND", async () => {
    const a = await h.signup("ta");
    const b = await h.signup("tb");
    const created = await h.call<{ id: string }>("POST", "/api/v1/devices", {
      cookie: a.cookie,
      body: { name: "A meter" },
    });
    const input = encodeURIComponent(JSON.stringify({ id: created.body.id }));
    const own = await h.call<{ result: { data: { name: string } } }>("GET", `/api/trpc/devices.get?input=${input}`, {
      cookie: a.cookie,
    });
    expect(own.status).toBe(200);
    expect(own.body.result.data.name).toBe("A meter");
    const other = await h.call<{ error: { data: { code: string } } }>("GET", `/api/trpc/devices.get?input=${input}`, {
      cookie: b.cookie,
    });
    expect(other.status).toBe(404);
    expect(other.body.error.data.code).toBe("NOT_FOUND");
  });

  it("answers UNAUTHORIZED without a session and refuses cross-site mutations", async () => {
    expect((await h.call("GET", "/api/trpc/auth.me")).status).toBe(401);
    const { cookie } = await h.signup("csrf");
    const result = await h.call("POST", "/api/trpc/devices.create", {
      cookie,
      origin: "https://evil.example",
      body: { body: { name: "planted" } },
    });
    expect(result.status).toBe(403);
  });

  it("maps validation and conflicts to tRPC codes, with field errors in data.details and no stack", async () => {
    const { cookie } = await h.signup("codes");
    const invalid = await h.call<{ error: { data: { code: string; details: unknown; stack?: string } } }>(
      "POST",
      "/api/trpc/devices.create",
      { cookie, body: { body: { name: " " } } },
    );
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.data.details).toEqual([{ path: ["name"], message: "Name the device" }]);
    expect(invalid.body.error.data.stack).toBeUndefined();
    await h.call("POST", "/api/trpc/devices.create", { cookie, body: { body: { name: "Twin" } } });
    expect(
      (await h.call("POST", "/api/trpc/devices.create", { cookie, body: { body: { name: "Twin" } } })).status,
    ).toBe(409);
  });

  it("answers input that is not JSON as the caller's mistake (400), not a server error", async () => {
    const { cookie } = await h.signup("notjson");
    const bad = await h.call<{ error: { message: string; data: { code: string; stack?: string } } }>(
      "GET",
      `/api/trpc/devices.list?input=${encodeURIComponent("{bad")}`,
      { cookie },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.data.code).toBe("BAD_REQUEST");
    expect(bad.body.error.message).toMatch(/JSON/);
    expect(bad.body.error.data.stack).toBeUndefined();
    const badBody = await h.call("POST", "/api/trpc/devices.create", { cookie, body: "{bad" });
    expect(badBody.status).toBe(400);
  });

  it("counts every call of a batch against the API key's rate limit", async () => {
    const { cookie } = await h.signup("batch");
    const { key, id } = (
      await h.call<{ key: string; id: string }>("POST", "/api/v1/api-keys", { cookie, body: { name: "k" } })
    ).body;
    const calls = 5;
    const names = Array.from({ length: calls }, () => "auth.me").join(",");
    const batch = await h.call<unknown[]>("GET", `/api/trpc/${names}?batch=1&input=${encodeURIComponent("{}")}`, {
      apiKey: key,
    });
    expect(batch.status).toBe(200);
    expect(batch.body).toHaveLength(calls);
    const counted = await h.deps.redis.get(`${h.deps.redisPrefix}ratelimit:api-key:${id}`);
    expect(Number(counted)).toBe(calls);
  });

  it("refuses a batch of more calls than the console's link sends", async () => {
    const { cookie } = await h.signup("big-batch");
    const names = (n: number) => Array.from({ length: n }, () => "auth.me").join(",");
    const ok = await h.call("GET", `/api/trpc/${names(TRPC_MAX_BATCH)}?batch=1&input=%7B%7D`, { cookie });
    expect(ok.status).toBe(200);
    const tooMany = await h.call("GET", `/api/trpc/${names(TRPC_MAX_BATCH + 1)}?batch=1&input=%7B%7D`, { cookie });
    expect(tooMany.status).toBe(400);
  });
});
