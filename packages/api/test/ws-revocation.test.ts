import { createUser } from "@industryos/db";
import { REVOCATION_CHANNEL, type RevokedCredential } from "@industryos/realtime/revocation";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../src/auth/cookies.ts";
import { createRealtimeAuthenticator } from "../src/auth/realtime-authenticator.ts";
import { createSession } from "../src/auth/sessions.ts";
import { startApiHarness, TEST_ORIGIN, type ApiHarness } from "../src/testing/api-harness.ts";

/**
 * Every API path that revokes a credential tells the `/api/ws` servers (a Redis "revoked" event)
 * naming exactly the credential the open connections list, and the credential no longer
 * authenticates when they re-check it.
 */
let h: ApiHarness;
let listener: Redis;
const events: RevokedCredential[] = [];
let authenticate: ReturnType<typeof createRealtimeAuthenticator>;
let admin: Awaited<ReturnType<ApiHarness["signup"]>>;

beforeAll(async () => {
  h = await startApiHarness();
  authenticate = createRealtimeAuthenticator(h.deps);
  listener = new Redis(process.env.REDIS_URL!);
  listener.on("message", (channel: string, message: string) => {
    if (channel === REVOCATION_CHANNEL) events.push(JSON.parse(message) as RevokedCredential);
  });
  await listener.subscribe(REVOCATION_CHANNEL);
  admin = await h.signup("revoke");
});
afterAll(async () => {
  listener?.disconnect();
  await h?.close();
});

async function published(credential: RevokedCredential): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!events.some((e) => e.kind === credential.kind && e.id === credential.id)) {
    if (Date.now() > deadline)
      throw new Error(`no revocation event for ${JSON.stringify(credential)}: ${JSON.stringify(events)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const cookieAuth = (cookie: string) =>
  authenticate({ kind: "upgrade", headers: new Headers({ cookie, origin: TEST_ORIGIN }) });

/** A second user of the tenant, signed in. */
async function signedInUser() {
  const user = await createUser(h.deps.db.system, { tenantId: admin.tenantId });
  const session = await createSession(h.deps.db.system, user, { rememberMe: false });
  return { user, cookie: `${SESSION_COOKIE}=${session.token}` };
}

describe("revocations reach open WebSockets", () => {
  it("revoking an API key", async () => {
    const key = await h.call<{ id: string; key: string }>("POST", "/api/v1/api-keys", {
      cookie: admin.cookie,
      body: { name: "live", scopes: ["read"] },
    });
    const principal = await authenticate({ kind: "apiKey", apiKey: key.body.key });
    expect(principal?.credentials).toEqual([{ kind: "apiKey", id: key.body.id }]);
    expect((await h.call("DELETE", `/api/v1/api-keys/${key.body.id}`, { cookie: admin.cookie })).status).toBe(204);
    await published({ kind: "apiKey", id: key.body.id });
    expect(await authenticate({ kind: "apiKey", apiKey: key.body.key })).toBeNull();
  });

  it("logging out", async () => {
    const { cookie } = await signedInUser();
    const session = (await cookieAuth(cookie))?.credentials?.find((c) => c.kind === "session");
    expect(session).toBeDefined();
    expect((await h.call("POST", "/api/v1/auth/logout", { cookie })).status).toBe(204);
    await published(session!);
    expect(await cookieAuth(cookie)).toBeNull();
  });

  it("disabling a user, and deleting one", async () => {
    const disabled = await signedInUser();
    expect(await cookieAuth(disabled.cookie)).toMatchObject({ userId: disabled.user.id });
    const update = await h.call("PATCH", `/api/v1/users/${disabled.user.id}`, {
      cookie: admin.cookie,
      body: { disabled: true },
    });
    expect(update.status).toBe(200);
    await published({ kind: "user", id: disabled.user.id });
    expect(await cookieAuth(disabled.cookie)).toBeNull();

    const deleted = await signedInUser();
    const removal = await h.call("DELETE", `/api/v1/users/${deleted.user.id}`, { cookie: admin.cookie });
    expect(removal.status).toBe(204);
    await published({ kind: "user", id: deleted.user.id });
    expect(await cookieAuth(deleted.cookie)).toBeNull();
  });

  it("turning a public link off, and deleting its dashboard", async () => {
    for (const revoke of ["off", "delete"] as const) {
      const dashboard = await h.call<{ id: string }>("POST", "/api/v1/dashboards", {
        cookie: admin.cookie,
        body: { title: `Lobby ${revoke}` },
      });
      const link = await h.call<{ publicId: string }>("PUT", `/api/v1/dashboards/${dashboard.body.id}/public`, {
        cookie: admin.cookie,
        body: { enabled: true },
      });
      const publicId = link.body.publicId;
      expect((await authenticate({ kind: "publicDashboard", publicId }))?.credentials).toEqual([
        { kind: "dashboard", id: dashboard.body.id },
      ]);
      const answer =
        revoke === "off"
          ? await h.call("PUT", `/api/v1/dashboards/${dashboard.body.id}/public`, {
              cookie: admin.cookie,
              body: { enabled: false },
            })
          : await h.call("DELETE", `/api/v1/dashboards/${dashboard.body.id}`, { cookie: admin.cookie });
      expect(answer.status).toBeLessThan(300);
      await published({ kind: "dashboard", id: dashboard.body.id });
      expect(await authenticate({ kind: "publicDashboard", publicId })).toBeNull();
    }
  });
});
