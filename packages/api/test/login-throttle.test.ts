import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarnessWithEmail, type ApiHarnessWithEmail } from "../src/testing/email-harness.ts";

// Failed logins are throttled per email and client address, so guessing from one place cannot
// lock the owner out; the owner's own address only slows down; a burst is emailed to the owner.
let h: ApiHarnessWithEmail;

beforeAll(async () => {
  h = await startApiHarnessWithEmail();
});
afterAll(async () => h?.close());

const login = (email: string, password: string, ip: string) =>
  h.call<{ error?: { code: string } }>("POST", "/api/v1/auth/login", { ip, body: { email, password } });

const burstEmailsTo = (email: string) =>
  h.resend.sent.filter((e) => e.to === email && e.subject === "Failed sign-in attempts on your IndustryOS account");

async function eventually(check: () => boolean, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
}

describe("failed logins", () => {
  it("stop an attacker's address without locking the owner out of their own", async () => {
    const { email, password } = await h.signup("victim");
    const home = "198.51.100.10";
    expect((await login(email, password, home)).status).toBe(200); // the owner's own address

    const attacker = "192.0.2.66";
    for (let i = 0; i < 5; i++) expect((await login(email, `guess number ${i}`, attacker)).status).toBe(401);
    const blocked = await login(email, password, attacker);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(60);

    // Before: the email itself was locked for 15 minutes, for everyone.
    expect((await login(email, password, home)).status).toBe(200);
    // A colleague's first sign-in from elsewhere is not blocked either.
    expect((await login(email, password, "198.51.100.99")).status).toBe(200);
  });

  it("only delay the owner's own address, progressively, and never lock it", async () => {
    const { email, password } = await h.signup("forgetful");
    const home = "198.51.100.20";
    expect((await login(email, password, home)).status).toBe(200);

    for (let i = 0; i < 5; i++) expect((await login(email, `misremembered ${i}`, home)).status).toBe(401);
    const slowed = await login(email, password, home);
    expect(slowed.status).toBe(429);
    expect(slowed.body.error?.code).toBe("RATE_LIMITED");
    const wait = Number(slowed.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(2); // a short delay, not 15 minutes
    await new Promise((r) => setTimeout(r, wait * 1000 + 100));
    expect((await login(email, password, home)).status).toBe(200);
  });

  it("keep a per-address limit over all emails against spraying", async () => {
    const sprayer = "192.0.2.77";
    for (let i = 0; i < 30; i++) expect((await login(`user${i}@spray.test`, "Winter2025!", sprayer)).status).toBe(401);
    const { email, password } = await h.signup("sprayed");
    expect((await login(email, password, sprayer)).status).toBe(429);
  });

  it("answer the same for an unknown email", async () => {
    const ip = "192.0.2.88";
    for (let i = 0; i < 5; i++) expect((await login("nobody@nowhere.test", `try ${i} password`, ip)).status).toBe(401);
    expect((await login("nobody@nowhere.test", "try 6 password", ip)).status).toBe(429);
    expect(h.resend.sent.filter((e) => e.to === "nobody@nowhere.test")).toHaveLength(0);
  });

  it("email the owner about a burst, once per window", async () => {
    const { email, password } = await h.signup("burst");
    for (let i = 0; i < 5; i++) await login(email, `distributed guess ${i}`, `192.0.2.${100 + i}`);
    await eventually(() => burstEmailsTo(email).length > 0);
    const [notice] = burstEmailsTo(email);
    expect(notice?.text).toContain("wrong password for this account 5 times");
    expect(notice?.text).toContain("/forgot-password");
    expect(notice?.text).not.toContain(password);

    for (let i = 0; i < 5; i++) await login(email, `more guesses ${i}`, `192.0.2.${120 + i}`);
    await new Promise((r) => setTimeout(r, 300));
    expect(burstEmailsTo(email)).toHaveLength(1);
  });
});
