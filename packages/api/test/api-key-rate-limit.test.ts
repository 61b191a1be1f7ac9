import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY_REQUESTS } from "../src/auth/rate-limit.ts";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => h?.close());

describe("API key request budget", () => {
  it("answers 429 with Retry-After once a key used its requests of the minute, other keys unaffected", async () => {
    const { cookie } = await h.signup("budget");
    const busy = await h.call<{ id: string; key: string }>("POST", "/api/v1/api-keys", {
      cookie,
      body: { name: "busy" },
    });
    const calm = await h.call<{ key: string }>("POST", "/api/v1/api-keys", { cookie, body: { name: "calm" } });
    // Use up the budget directly in Redis instead of sending 1,200 requests.
    await h.deps.redis.set(
      `${h.deps.redisPrefix}ratelimit:api-key:${busy.body.id}`,
      String(API_KEY_REQUESTS.limit),
      "EX",
      30,
    );
    const refused = await h.call<{ error: { code: string } }>("GET", "/api/v1/devices", { apiKey: busy.body.key });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("RATE_LIMITED");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await h.call("GET", "/api/v1/devices", { apiKey: calm.body.key })).status).toBe(200);
  });

  it("counts each request", async () => {
    const { cookie } = await h.signup("counting");
    const key = await h.call<{ id: string; key: string }>("POST", "/api/v1/api-keys", {
      cookie,
      body: { name: "counted" },
    });
    for (let i = 0; i < 3; i++) await h.call("GET", "/api/v1/devices", { apiKey: key.body.key });
    expect(await h.deps.redis.get(`${h.deps.redisPrefix}ratelimit:api-key:${key.body.id}`)).toBe("3");
  });
});
