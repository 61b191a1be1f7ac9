import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../src/auth/password.ts";
import { hashSecret } from "../src/auth/tokens.ts";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => h?.close());

const DAY = 24 * 60 * 60 * 1000;
const sessionIdOf = (cookie: string) => hashSecret(cookie.split("=")[1]!);

describe("session lifetime", () => {
  it("slides a remembered session forward once past half its life, and re-sends the cookie", async () => {
    const { email, password } = await h.signup("slide");
    const cookie = (await h.call("POST", "/api/v1/auth/login", { body: { email, password, rememberMe: true } }))
      .sessionCookie!;
    const id = sessionIdOf(cookie);
    // Ten days left of thirty: past half, so the next request renews it.
    await h.deps.db.system.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() + 10 * DAY) } });
    const me = await h.call("GET", "/api/v1/auth/me", { cookie });
    expect(me.status).toBe(200);
    const renewed = await h.deps.db.system.session.findUniqueOrThrow({ where: { id } });
    expect(renewed.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * DAY);
    const sent = me.headers.getSetCookie()[0] ?? "";
    expect(sent).toContain(cookie);
    expect(new Date(/Expires=([^;]+)/.exec(sent)![1]!).getTime()).toBeGreaterThan(Date.now() + 29 * DAY);
    // The next request sees a fresh session: no cookie again.
    expect((await h.call("GET", "/api/v1/auth/me", { cookie })).headers.getSetCookie()).toEqual([]);
  });

  it("keeps a fresh session as it is (no write per request)", async () => {
    const { cookie } = await h.signup("fresh");
    const id = sessionIdOf(cookie);
    const before = await h.deps.db.system.session.findUniqueOrThrow({ where: { id } });
    await h.call("GET", "/api/v1/auth/me", { cookie });
    const after = await h.deps.db.system.session.findUniqueOrThrow({ where: { id } });
    expect(after.expiresAt).toEqual(before.expiresAt);
  });

  it("rejects and deletes an expired session", async () => {
    const { cookie } = await h.signup("expired");
    const id = sessionIdOf(cookie);
    await h.deps.db.system.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await h.call("GET", "/api/v1/auth/me", { cookie })).status).toBe(401);
    expect(await h.deps.db.system.session.count({ where: { id } })).toBe(0);
  });

  it("signs out a disabled user at once", async () => {
    const admin = await h.signup("disabler");
    const invited = await h.call<{ id: string; email: string }>("POST", "/api/v1/users", {
      cookie: admin.cookie,
      body: { email: `colleague-${Date.now()}@example.test`, role: "TENANT_ADMIN" },
    });
    await h.deps.db.system.user.update({
      where: { id: invited.body.id },
      data: { passwordHash: await hashPassword("colleague password") },
    });
    const colleague = (
      await h.call("POST", "/api/v1/auth/login", {
        body: { email: invited.body.email, password: "colleague password" },
      })
    ).sessionCookie!;
    expect((await h.call("GET", "/api/v1/devices", { cookie: colleague })).status).toBe(200);
    await h.call("PATCH", `/api/v1/users/${invited.body.id}`, { cookie: admin.cookie, body: { disabled: true } });
    expect((await h.call("GET", "/api/v1/devices", { cookie: colleague })).status).toBe(401);
    expect(
      (
        await h.call("POST", "/api/v1/auth/login", {
          body: { email: invited.body.email, password: "colleague password" },
        })
      ).status,
    ).toBe(401);
  });

  it("stops accepting an API key after its expiry", async () => {
    const { cookie } = await h.signup("expiring-key");
    const created = await h.call<{ id: string; key: string }>("POST", "/api/v1/api-keys", {
      cookie,
      body: { name: "short-lived", expiresAt: new Date(Date.now() + 60_000).toISOString() },
    });
    expect((await h.call("GET", "/api/v1/devices", { apiKey: created.body.key })).status).toBe(200);
    await h.deps.db.system.apiKey.update({
      where: { id: created.body.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await h.call<{ error: { message: string } }>("GET", "/api/v1/devices", {
      apiKey: created.body.key,
    });
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toContain("expired");
  });
});
