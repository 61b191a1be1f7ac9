import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarnessWithEmail, type ApiHarnessWithEmail } from "../src/testing/email-harness.ts";

let h: ApiHarnessWithEmail;

beforeAll(async () => {
  h = await startApiHarnessWithEmail();
});
afterAll(async () => h?.close());

const tokenOf = (link: string | undefined) => new URL(link ?? "http://x/").searchParams.get("token") ?? "";

describe("emails sent through Resend", () => {
  it("confirms a sign-up with the emailed link, which verifies the address", async () => {
    const email = "first-admin@verify.test";
    const accepted = await h.call("POST", "/api/v1/auth/signup", {
      body: { email, password: "a long enough password", tenantName: "Verify Works" },
    });
    expect(accepted.status).toBe(202);
    const link = h.resend.linkSentTo(email);
    expect(link).toMatch(/^http:\/\/console\.test\/signup\?confirm=/);
    expect(h.resend.sent.at(-1)?.from).toBe("IndustryOS <noreply@industryos.test>");
    const confirmed = await h.call("POST", "/api/v1/auth/signup/confirm", {
      body: { token: new URL(link ?? "http://x/").searchParams.get("confirm") },
    });
    expect(confirmed.status).toBe(201);
    expect(
      (await h.call<{ emailVerified: boolean }>("GET", "/api/v1/auth/me", { cookie: confirmed.sessionCookie })).body
        .emailVerified,
    ).toBe(true);
  });

  /** A user whose address is not verified (sign-up confirmation verifies it; older accounts may not be). */
  async function unverifiedUser(label: string) {
    const user = await h.signup(label);
    await h.deps.db.system.user.update({ where: { id: user.userId }, data: { emailVerifiedAt: null } });
    return user;
  }

  it("verifies the address with the link sent on request", async () => {
    const { email, cookie } = await unverifiedUser("verify");
    expect((await h.call("POST", "/api/v1/auth/verify-email/resend", { cookie })).status).toBe(200);
    const link = h.resend.linkSentTo(email);
    expect(link).toMatch(/^http:\/\/console\.test\/verify-email\?token=/);
    expect(h.resend.sent.at(-1)?.from).toBe("IndustryOS <noreply@industryos.test>");
    expect((await h.call<{ emailVerified: boolean }>("GET", "/api/v1/auth/me", { cookie })).body.emailVerified).toBe(
      false,
    );

    expect((await h.call("POST", "/api/v1/auth/verify-email", { body: { token: tokenOf(link) } })).status).toBe(200);
    expect((await h.call<{ emailVerified: boolean }>("GET", "/api/v1/auth/me", { cookie })).body.emailVerified).toBe(
      true,
    );
    // A used link does not work twice.
    expect((await h.call("POST", "/api/v1/auth/verify-email", { body: { token: tokenOf(link) } })).status).toBe(400);
  });

  it("sends a new verification link on request, at most three an hour", async () => {
    const { email, cookie } = await unverifiedUser("resend");
    const before = h.resend.sent.length;
    for (let i = 0; i < 3; i++)
      expect((await h.call("POST", "/api/v1/auth/verify-email/resend", { cookie })).status).toBe(200);
    expect(h.resend.sent.length).toBe(before + 3);
    expect((await h.call("POST", "/api/v1/auth/verify-email/resend", { cookie })).status).toBe(429);
    const link = h.resend.linkSentTo(email);
    expect((await h.call("POST", "/api/v1/auth/verify-email", { body: { token: tokenOf(link) } })).status).toBe(200);
  });

  it("resets a password with the emailed link and signs out every session", async () => {
    const { email, cookie } = await h.signup("reset");
    const request = await h.call("POST", "/api/v1/auth/password-reset", { body: { email } });
    expect(request.status).toBe(202);
    const link = h.resend.linkSentTo(email);
    expect(link).toContain("/reset-password?token=");

    const reset = await h.call("POST", "/api/v1/auth/password-reset/confirm", {
      body: { token: tokenOf(link), password: "my brand new password" },
    });
    expect(reset.status).toBe(200);
    expect((await h.call("GET", "/api/v1/auth/me", { cookie })).status).toBe(401);
    expect(
      (await h.call("POST", "/api/v1/auth/login", { body: { email, password: "my brand new password" } })).status,
    ).toBe(200);
    expect(
      (
        await h.call("POST", "/api/v1/auth/password-reset/confirm", {
          body: { token: tokenOf(link), password: "another new password" },
        })
      ).status,
    ).toBe(400);
  });

  it("answers the same for unknown addresses and sends nothing", async () => {
    const before = h.resend.sent.length;
    const result = await h.call("POST", "/api/v1/auth/password-reset", { body: { email: "nobody@example.test" } });
    expect(result.status).toBe(202);
    expect(h.resend.sent.length).toBe(before);
  });

  it("invites a customer user who chooses a password and sees only its devices", async () => {
    const admin = await h.signup("invite");
    const customer = await h.call<{ id: string }>("POST", "/api/v1/customers", {
      cookie: admin.cookie,
      body: { title: "Harbor Co" },
    });
    await h.call("POST", "/api/v1/devices", {
      cookie: admin.cookie,
      body: { name: "Harbor crane", customerId: customer.body.id },
    });
    await h.call("POST", "/api/v1/devices", { cookie: admin.cookie, body: { name: "Own boiler" } });
    const invited = await h.call("POST", "/api/v1/users", {
      cookie: admin.cookie,
      body: { email: "dock@harbor.test", role: "CUSTOMER_USER", customerId: customer.body.id },
    });
    expect(invited.status).toBe(201);

    const link = h.resend.linkSentTo("dock@harbor.test");
    await h.call("POST", "/api/v1/auth/password-reset/confirm", {
      body: { token: tokenOf(link), password: "harbor password 1" },
    });
    const login = await h.call("POST", "/api/v1/auth/login", {
      body: { email: "dock@harbor.test", password: "harbor password 1" },
    });
    const devices = await h.call<{ data: { name: string }[] }>("GET", "/api/v1/devices", {
      cookie: login.sessionCookie,
    });
    expect(devices.body.data.map((d) => d.name)).toEqual(["Harbor crane"]);

    // Deleting a user keeps the API keys they made working, and ends their access.
    const colleague = await h.call<{ id: string; email: string }>("POST", "/api/v1/users", {
      cookie: admin.cookie,
      body: { email: "ops@own.test", role: "TENANT_ADMIN" },
    });
    await h.call("POST", "/api/v1/auth/password-reset/confirm", {
      body: { token: tokenOf(h.resend.linkSentTo("ops@own.test")), password: "ops password 12" },
    });
    const opsCookie = (
      await h.call("POST", "/api/v1/auth/login", { body: { email: "ops@own.test", password: "ops password 12" } })
    ).sessionCookie;
    const key = (
      await h.call<{ key: string }>("POST", "/api/v1/api-keys", { cookie: opsCookie, body: { name: "ops script" } })
    ).body.key;
    expect((await h.call("DELETE", `/api/v1/users/${colleague.body.id}`, { cookie: admin.cookie })).status).toBe(204);
    expect((await h.call("GET", "/api/v1/auth/me", { cookie: opsCookie })).status).toBe(401);
    expect((await h.call("GET", "/api/v1/devices", { apiKey: key })).status).toBe(200);
  });
});
