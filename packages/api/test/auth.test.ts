import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signupInput } from "../src/services/auth/schemas.ts";
import { requestSignup } from "../src/services/auth/signup.ts";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => h?.close());

describe("sign-up, login and logout over REST", () => {
  it("confirms a sign-up with the emailed token: a session cookie that opens the API", async () => {
    const input = signupInput.parse({
      email: "Ada@Example.test",
      password: "a long enough password",
      tenantName: "Acme Water",
    });
    const { confirmationToken } = await requestSignup(h.deps, input, { ipAddress: "198.51.100.5" });
    const result = await h.call<{ user: { role: string } }>("POST", "/api/v1/auth/signup/confirm", {
      body: { token: confirmationToken },
    });
    expect(result.status).toBe(201);
    expect(result.body.user.role).toBe("TENANT_ADMIN");
    const cookieHeader = result.headers.getSetCookie()[0] ?? "";
    expect(cookieHeader).toContain("HttpOnly");
    expect(cookieHeader).toContain("SameSite=Lax");
    expect(cookieHeader).not.toContain("Expires"); // no "remember me": browser-session cookie

    const me = await h.call<{ email: string; tenantName: string; emailVerified: boolean }>("GET", "/api/v1/auth/me", {
      cookie: result.sessionCookie,
    });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: "ada@example.test", tenantName: "Acme Water", emailVerified: true });
    // One use only.
    const again = await h.call("POST", "/api/v1/auth/signup/confirm", { body: { token: confirmationToken } });
    expect(again.status).toBe(400);
  });

  it("stores only the SHA-256 of the session token", async () => {
    const { cookie, userId } = await h.signup();
    const token = cookie.split("=")[1]!;
    const sessions = await h.deps.db.system.session.findMany({ where: { userId } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.id).not.toBe(token);
    expect(sessions[0]!.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses bad sign-up input with field errors (422)", async () => {
    const bad = await h.call<{ error: { code: string; details: { path: string[] }[] } }>(
      "POST",
      "/api/v1/auth/signup",
      {
        body: { email: "not-an-email", password: "short", tenantName: "" },
      },
    );
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe("VALIDATION_FAILED");
    expect(bad.body.error.details.map((d) => d.path[0]).sort()).toEqual(["email", "password", "tenantName"]);

    const malformed = await h.call("POST", "/api/v1/auth/signup", { body: "{not json" });
    expect(malformed.status).toBe(400);
  });

  it("logs in, remembers when asked, and logs out for good", async () => {
    const { email, password } = await h.signup();
    const wrong = await h.call("POST", "/api/v1/auth/login", { body: { email, password: "wrong password!" } });
    expect(wrong.status).toBe(401);

    const login = await h.call("POST", "/api/v1/auth/login", { body: { email, password, rememberMe: true } });
    expect(login.status).toBe(200);
    expect(login.headers.getSetCookie()[0]).toContain("Expires=");
    const cookie = login.sessionCookie!;

    const logout = await h.call("POST", "/api/v1/auth/logout", { cookie });
    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie()[0]).toContain("Max-Age=0");
    const after = await h.call("GET", "/api/v1/auth/me", { cookie });
    expect(after.status).toBe(401);
  });

  it("rate-limits failed logins per email with 429 and Retry-After", async () => {
    const { email, password } = await h.signup();
    for (let i = 0; i < 5; i++) {
      expect(
        (await h.call("POST", "/api/v1/auth/login", { body: { email, password: `wrong-${i}-password` } })).status,
      ).toBe(401);
    }
    const blocked = await h.call<{ error: { code: string } }>("POST", "/api/v1/auth/login", {
      body: { email, password },
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("RATE_LIMITED");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("limits how many workspaces one address can create", async () => {
    const ip = "198.51.100.7";
    for (let i = 0; i < 20; i++) {
      const ok = await h.call("POST", "/api/v1/auth/signup", {
        ip,
        body: { email: `bulk-${i}@example.test`, password: "a long enough password", tenantName: `Bulk ${i}` },
      });
      expect(ok.status).toBe(202);
    }
    const refused = await h.call("POST", "/api/v1/auth/signup", {
      ip,
      body: { email: "bulk-20@example.test", password: "a long enough password", tenantName: "Bulk 20" },
    });
    expect(refused.status).toBe(429);
    expect(await h.deps.db.system.user.count({ where: { email: "bulk-20@example.test" } })).toBe(0);
  });

  it("refuses cookie-authenticated mutations from another origin (CSRF)", async () => {
    const { cookie } = await h.signup();
    const foreign = await h.call<{ error: { code: string } }>("POST", "/api/v1/devices", {
      cookie,
      origin: "https://evil.example",
      body: { name: "planted" },
    });
    expect(foreign.status).toBe(403);
    const noOrigin = await h.call("POST", "/api/v1/devices", { cookie, origin: null, body: { name: "planted" } });
    expect(noOrigin.status).toBe(403);
    const list = await h.call<{ total: number }>("GET", "/api/v1/devices", { cookie });
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.total).toBe(0);
  });

  it("signs out every other session when the password changes", async () => {
    const { email, password, cookie } = await h.signup();
    const other = (await h.call("POST", "/api/v1/auth/login", { body: { email, password } })).sessionCookie!;
    const change = await h.call<{ otherSessionsSignedOut: number }>("POST", "/api/v1/auth/password", {
      cookie,
      body: { currentPassword: password, newPassword: "a brand new password" },
    });
    expect(change.status).toBe(200);
    expect(change.body.otherSessionsSignedOut).toBe(1);
    expect((await h.call("GET", "/api/v1/auth/me", { cookie: other })).status).toBe(401);
    expect((await h.call("GET", "/api/v1/auth/me", { cookie })).status).toBe(200);
  });

  it("answers 401 without credentials and for an unknown API key", async () => {
    const none = await h.call<{ error: { code: string; message: string } }>("GET", "/api/v1/devices");
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe("UNAUTHORIZED");
    expect((await h.call("GET", "/api/v1/devices", { apiKey: "iok_nope" })).status).toBe(401);
  });
});
