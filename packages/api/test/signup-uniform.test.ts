import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallResult } from "../src/testing/api-harness.ts";
import { startApiHarnessWithEmail, type ApiHarnessWithEmail } from "../src/testing/email-harness.ts";

// Sign-up answers every valid request the same way and confirms by email, so it tells nobody
// which addresses have accounts; an invitation to an address in use never says where it is.
let h: ApiHarnessWithEmail;

beforeAll(async () => {
  h = await startApiHarnessWithEmail();
});
afterAll(async () => h?.close());

const emailsTo = (address: string) => h.resend.sent.filter((e) => e.to === address);
const signUp = (email: string, ip: string, tenantName = "Riverside Water") =>
  h.call<Record<string, unknown>>("POST", "/api/v1/auth/signup", {
    ip,
    body: { email, password: "a long enough password", tenantName },
  });
/** Everything a caller can observe of an answer, with the address itself taken out. */
const observable = (result: CallResult<Record<string, unknown>>, email: string) => ({
  status: result.status,
  cookies: result.headers.getSetCookie(),
  headers: [...result.headers.keys()].sort(),
  body: JSON.parse(JSON.stringify(result.body).replaceAll(email, "<email>")) as unknown,
});

describe("sign-up", () => {
  it("creates nothing until the emailed link is opened, then signs in", async () => {
    const email = "new-owner@riverside.test";
    const result = await signUp(email, "198.51.100.41");
    expect(result.status).toBe(202);
    expect(result.sessionCookie).toBeUndefined();
    expect(result.body).toMatchObject({ status: "confirmation_sent", email });
    expect(await h.deps.db.system.user.count({ where: { email } })).toBe(0);

    const link =
      emailsTo(email)
        .at(-1)
        ?.text?.match(/https?:\/\/\S+/)?.[0] ?? "";
    expect(link).toMatch(/^http:\/\/console\.test\/signup\?confirm=/);
    const token = new URL(link).searchParams.get("confirm");
    const confirmed = await h.call<{ tenant: { name: string } }>("POST", "/api/v1/auth/signup/confirm", {
      ip: "198.51.100.41",
      body: { token },
    });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body.tenant.name).toBe("Riverside Water");
    const me = await h.call<{ email: string; emailVerified: boolean }>("GET", "/api/v1/auth/me", {
      cookie: confirmed.sessionCookie,
    });
    expect(me.body).toMatchObject({ email, emailVerified: true });
  });

  it("answers an address with an account exactly as a new one, and tells its owner", async () => {
    const owner = await h.signup("owner");
    const tenantsBefore = await h.deps.db.system.tenant.count();
    const fresh = "never-seen@example.test";
    const [taken, free] = [await signUp(owner.email, "198.51.100.42"), await signUp(fresh, "198.51.100.43")];
    expect(observable(taken, owner.email)).toEqual(observable(free, fresh));
    expect(taken.status).toBe(202);
    expect(taken.sessionCookie).toBeUndefined();
    expect(await h.deps.db.system.tenant.count()).toBe(tenantsBefore);

    const [notice] = emailsTo(owner.email).filter((e) => e.subject.includes("tried to sign up"));
    expect(notice?.text).toContain("already has an account");
    expect(notice?.text).not.toContain("confirm=");
    // The existing account is untouched: its password still works, the new one does not.
    expect(
      (await h.call("POST", "/api/v1/auth/login", { body: { email: owner.email, password: owner.password } })).status,
    ).toBe(200);
    expect(
      (
        await h.call("POST", "/api/v1/auth/login", {
          body: { email: owner.email, password: "a long enough password" },
        })
      ).status,
    ).toBe(401);
  });

  it("answers the same over tRPC", async () => {
    const owner = await h.signup("trpc");
    const result = await h.call<{ result: { data: Record<string, unknown> } }>("POST", "/api/trpc/auth.signup", {
      ip: "198.51.100.44",
      body: { body: { email: owner.email, password: "a long enough password", tenantName: "Squat" } },
    });
    expect(result.status).toBe(200);
    expect(result.body.result.data).toMatchObject({ status: "confirmation_sent", email: owner.email });
    expect(result.sessionCookie).toBeUndefined();
  });

  it("sends at most three sign-up emails an hour to one address, answering the same", async () => {
    const email = "flooded@example.test";
    for (let i = 0; i < 5; i++) expect((await signUp(email, `198.51.100.${50 + i}`)).status).toBe(202);
    expect(emailsTo(email)).toHaveLength(3);
  });

  it("refuses an unknown or used confirmation token", async () => {
    const bad = await h.call("POST", "/api/v1/auth/signup/confirm", { body: { token: "x".repeat(43) } });
    expect(bad.status).toBe(400);
  });
});

describe("invitations to an address in use", () => {
  it("never say which workspace has it, tell its owner, and are limited", async () => {
    const other = await h.signup("elsewhere");
    const admin = await h.signup("inviter");
    const invite = (email: string) =>
      h.call<{ error: { code: string; message: string } }>("POST", "/api/v1/users", {
        cookie: admin.cookie,
        body: { email, role: "TENANT_ADMIN" },
      });
    const refused = await invite(other.email);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).not.toMatch(/Tenant elsewhere|exists/);
    expect(refused.body.error.message).toContain("cannot be invited");
    expect(await h.deps.db.system.user.count({ where: { email: other.email } })).toBe(1);
    const notice = emailsTo(other.email).find((e) => e.subject === "You were invited to another IndustryOS workspace");
    expect(notice?.text).toContain("Tenant inviter");

    // A member of the inviting workspace is named as such: the admin can list them anyway.
    const own = await invite(admin.email);
    expect(own.body.error.message).toBe("This address is already a user of this workspace");

    // Probing many addresses is cut short.
    const probes = [];
    for (let i = 0; i < 5; i++) probes.push((await invite(other.email)).status);
    expect(probes).toEqual([409, 409, 409, 409, 429]);
  });
});
