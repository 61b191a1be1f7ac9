import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRealtimeAuthenticator } from "../src/auth/realtime-authenticator.ts";
import { startApiHarness, TEST_ORIGIN, type ApiHarness } from "../src/testing/api-harness.ts";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => h?.close());

/** The headers of a WebSocket upgrade a browser sends from `origin` with the session cookie. */
const upgrade = (cookie: string, origin?: string, host = "console.test") =>
  new Headers({ cookie, host, ...(origin ? { origin } : {}) });

describe("WebSocket authentication", () => {
  it("accepts the session cookie and API keys, and nothing else", async () => {
    const authenticate = createRealtimeAuthenticator(h.deps);
    const admin = await h.signup("ws");
    const key = (
      await h.call<{ id: string; key: string }>("POST", "/api/v1/api-keys", {
        cookie: admin.cookie,
        body: { name: "ws", scopes: ["read"] },
      })
    ).body;
    const sessionId = (await authenticate({ kind: "upgrade", headers: upgrade(admin.cookie, TEST_ORIGIN) }))
      ?.credentials?.[0]?.id;

    expect(await authenticate({ kind: "upgrade", headers: upgrade(admin.cookie, TEST_ORIGIN) })).toEqual({
      tenantId: admin.tenantId,
      userId: admin.userId,
      scopes: ["read", "write"],
      // Revocation events name these: the logout of this session, or its user disabled.
      credentials: [
        { kind: "session", id: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown },
        { kind: "user", id: admin.userId },
      ],
    });
    expect(sessionId).toBeDefined();
    expect(await authenticate({ kind: "apiKey", apiKey: key.key })).toEqual({
      tenantId: admin.tenantId,
      scopes: ["read"],
      credentials: [{ kind: "apiKey", id: key.id }],
    });
    expect(await authenticate({ kind: "apiKey", apiKey: "iok_wrong" })).toBeNull();
    expect(await authenticate({ kind: "upgrade", headers: upgrade("", TEST_ORIGIN) })).toBeNull();
    expect(await authenticate({ kind: "publicDashboard", publicId: "anything" })).toBeNull();
  });

  it("honours the cookie of an upgrade only from our own origins (no cross-site WebSocket hijacking)", async () => {
    const authenticate = createRealtimeAuthenticator(h.deps);
    const admin = await h.signup("ws-origin");
    const from = (origin?: string, host?: string) =>
      authenticate({ kind: "upgrade", headers: upgrade(admin.cookie, origin, host) });

    expect(await from("https://evil.example")).toBeNull();
    expect(await from("http://console.test.evil.example")).toBeNull();
    expect(await from("null")).toBeNull();
    // Browsers always send Origin on an upgrade; a cookie without one is refused, as REST does.
    expect(await from(undefined)).toBeNull();
    // The public URL, and the host the request was sent to (a dev port, a proxy), are ours.
    expect(await from(TEST_ORIGIN)).toMatchObject({ tenantId: admin.tenantId });
    expect(await from("http://localhost:3000", "localhost:3000")).toMatchObject({ tenantId: admin.tenantId });

    // An API key in Authorization is no ambient credential: no Origin needed.
    const key = (
      await h.call<{ key: string }>("POST", "/api/v1/api-keys", {
        cookie: admin.cookie,
        body: { name: "ws", scopes: ["read"] },
      })
    ).body.key;
    const withKey = new Headers({ authorization: `Bearer ${key}`, origin: "https://elsewhere.example" });
    expect(await authenticate({ kind: "upgrade", headers: withKey })).toMatchObject({ tenantId: admin.tenantId });
  });
});
