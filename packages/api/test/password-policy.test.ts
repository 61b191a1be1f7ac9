import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD_IS_EMAIL, PASSWORD_TOO_COMMON } from "../src/services/auth/password-policy.ts";
import { startApiHarnessWithEmail, type ApiHarnessWithEmail } from "../src/testing/email-harness.ts";

// Every form that sets a password refuses common and leaked-style passwords and the user's own
// email, with the same field error.
let h: ApiHarnessWithEmail;

beforeAll(async () => {
  h = await startApiHarnessWithEmail();
});
afterAll(async () => h?.close());

type Refusal = { error: { code: string; details?: { path: string[]; message: string }[] } };
const tokenOf = (link: string | undefined) => new URL(link ?? "http://x/").searchParams.get("token") ?? "";

function expectFieldError(result: { status: number; body: unknown }, field: string, message: string) {
  expect(result.status, JSON.stringify(result.body)).toBe(422);
  const body = result.body as Refusal;
  expect(body.error.code).toBe("VALIDATION_FAILED");
  expect(body.error.details).toContainEqual({ path: [field], message });
}

const COMMON = ["password123", "Password123!", "qwertyuiop", "1234567890", "P@ssw0rd2024", "iloveyou12", "Football99"];

describe("new passwords", () => {
  it.each(COMMON)("refuses the common password %s at sign-up", async (password) => {
    const result = await h.call("POST", "/api/v1/auth/signup", {
      ip: "198.51.100.31",
      body: { email: "new-owner@example.test", password, tenantName: "Common" },
    });
    expectFieldError(result, "password", PASSWORD_TOO_COMMON);
  });

  it("refuses the email or its local part as the password at sign-up", async () => {
    for (const password of ["Grace.Hopper@example.test", "grace.hopper", "grace.hopper2024!"]) {
      const result = await h.call("POST", "/api/v1/auth/signup", {
        ip: "198.51.100.32",
        body: { email: "grace.hopper@example.test", password, tenantName: "Own email" },
      });
      expectFieldError(result, "password", PASSWORD_IS_EMAIL);
    }
  });

  it("refuses them on password reset and when an invited user chooses a password", async () => {
    const admin = await h.signup("policy");
    await h.call("POST", "/api/v1/users", {
      cookie: admin.cookie,
      body: { email: "margaret.hamilton@apollo.test", role: "TENANT_ADMIN" },
    });
    const token = tokenOf(h.resend.linkSentTo("margaret.hamilton@apollo.test"));
    for (const [password, message] of [
      ["letmein123", PASSWORD_TOO_COMMON],
      ["Margaret.Hamilton", PASSWORD_IS_EMAIL],
      ["margaret.hamilton@apollo.test", PASSWORD_IS_EMAIL],
    ] as const) {
      const result = await h.call("POST", "/api/v1/auth/password-reset/confirm", { body: { token, password } });
      expectFieldError(result, "password", message);
    }
    // The link still works for a good password.
    const ok = await h.call("POST", "/api/v1/auth/password-reset/confirm", {
      body: { token, password: "lunar module checklist" },
    });
    expect(ok.status).toBe(200);
  });

  it("refuses them when a signed-in user changes the password (REST and tRPC)", async () => {
    const { cookie, password, email } = await h.signup("changer");
    const common = await h.call("POST", "/api/v1/auth/password", {
      cookie,
      body: { currentPassword: password, newPassword: "sunshine2024" },
    });
    expectFieldError(common, "newPassword", PASSWORD_TOO_COMMON);
    const own = await h.call("POST", "/api/v1/auth/password", {
      cookie,
      body: { currentPassword: password, newPassword: email.split("@")[0] },
    });
    expectFieldError(own, "newPassword", PASSWORD_IS_EMAIL);
    const viaTrpc = await h.call<{ error: { message: string } }>("POST", "/api/trpc/auth.changePassword", {
      cookie,
      body: { body: { currentPassword: password, newPassword: "Trustno1!!" } },
    });
    expect(JSON.stringify(viaTrpc.body)).toContain(PASSWORD_TOO_COMMON);
  });

  it("accepts a long passphrase", async () => {
    const { cookie, password } = await h.signup("passphrase");
    const result = await h.call("POST", "/api/v1/auth/password", {
      cookie,
      body: { currentPassword: password, newPassword: "granite otter lantern 42" },
    });
    expect(result.status).toBe(200);
  });
});
