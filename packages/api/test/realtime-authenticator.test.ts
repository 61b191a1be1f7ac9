import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRealtimeAuthenticator } from "../src/auth/realtime-authenticator.ts";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => h?.close());

describe("WebSocket authentication", () => {
  it("accepts the session cookie and API keys, and nothing else", async () => {
    const authenticate = createRealtimeAuthenticator(h.deps);
    const admin = await h.signup("ws");
    const key = (
      await h.call<{ key: string }>("POST", "/api/v1/api-keys", {
        cookie: admin.cookie,
        body: { name: "ws", scopes: ["read"] },
      })
    ).body.key;

    expect(await authenticate({ kind: "upgrade", headers: new Headers({ cookie: admin.cookie }) })).toEqual({
      tenantId: admin.tenantId,
      userId: admin.userId,
      scopes: ["read", "write"],
    });
    expect(await authenticate({ kind: "apiKey", apiKey: key })).toEqual({ tenantId: admin.tenantId, scopes: ["read"] });
    expect(await authenticate({ kind: "apiKey", apiKey: "iok_wrong" })).toBeNull();
    expect(await authenticate({ kind: "upgrade", headers: new Headers() })).toBeNull();
    expect(await authenticate({ kind: "publicDashboard", publicId: "anything" })).toBeNull();
  });
});
