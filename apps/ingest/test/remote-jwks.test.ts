import { describe, expect, it } from "vitest";
import { jwtVerify, type JSONWebKeySet } from "jose";
import { JwksUnavailableError, RemoteJwks } from "../src/core/jwt/remote-jwks.ts";
import { signingKey, signJwt } from "./jwt-issuer-server.ts";

/** A JWKS "server" the test controls: what it publishes, whether it answers, how often it was asked. */
function fakeServer(initial: JSONWebKeySet) {
  const state = { jwks: initial, down: false, fetches: 0 };
  const fetchJwks = async () => {
    state.fetches++;
    if (state.down) throw new Error("JWKS server unreachable");
    return state.jwks;
  };
  return { state, fetchJwks };
}

describe("RemoteJwks", () => {
  it("fetches once, refreshes on an unknown kid only after the cooldown, and again when the keys are old", async () => {
    const [first, second] = await Promise.all([signingKey("ES256", "k1"), signingKey("ES256", "k2")]);
    const server = fakeServer({ keys: [first.jwk] });
    let now = 1_000_000;
    const jwks = new RemoteJwks("https://idp.test/jwks", server.fetchJwks, {
      cooldownMs: 30_000,
      maxAgeMs: 600_000,
      now: () => now,
    });
    const verify = async (token: string) => (await jwtVerify(token, jwks.getKey)).payload.sub;

    expect(await verify(await signJwt(first, { sub: "a" }))).toBe("a");
    expect(await verify(await signJwt(first, { sub: "b" }))).toBe("b");
    expect(server.state.fetches).toBe(1);

    // Rotation: k2 is published; inside the cooldown an unknown kid does not fetch.
    server.state.jwks = { keys: [first.jwk, second.jwk] };
    now += 10_000;
    const rotated = await signJwt(second, { sub: "c" });
    await expect(verify(rotated)).rejects.toThrow();
    await expect(verify(rotated)).rejects.toThrow();
    expect(server.state.fetches).toBe(1);
    now += 25_000; // 35 s after the first fetch
    expect(await verify(rotated)).toBe("c");
    expect(server.state.fetches).toBe(2);

    // Old keys are fetched again even when every kid is known.
    now += 600_001;
    expect(await verify(await signJwt(first, { sub: "d" }))).toBe("d");
    expect(server.state.fetches).toBe(3);
  });

  it("keeps the keys it has while the server is down, and refuses when it never had any", async () => {
    const key = await signingKey("EdDSA", "e1");
    const server = fakeServer({ keys: [key.jwk] });
    let now = 0;
    const options = { cooldownMs: 1_000, maxAgeMs: 5_000, now: () => now };
    const jwks = new RemoteJwks("https://idp.test/jwks", server.fetchJwks, options);
    const token = await signJwt(key, { sub: "x" });
    await jwtVerify(token, jwks.getKey);
    server.state.down = true;
    now += 10_000; // old keys: a refetch is tried, fails, the old keys still verify
    expect((await jwtVerify(token, jwks.getKey)).payload.sub).toBe("x");
    expect(server.state.fetches).toBe(2);

    const never = new RemoteJwks("https://down.test/jwks", server.fetchJwks, options);
    await expect(jwtVerify(token, never.getKey)).rejects.toBeInstanceOf(JwksUnavailableError);
  });

  it("shares one fetch among tokens arriving together", async () => {
    const key = await signingKey("RS256", "r1");
    const server = fakeServer({ keys: [key.jwk] });
    const jwks = new RemoteJwks("https://idp.test/jwks", server.fetchJwks, { cooldownMs: 1_000, maxAgeMs: 60_000 });
    const token = await signJwt(key, { sub: "y" });
    await Promise.all(Array.from({ length: 10 }, () => jwtVerify(token, jwks.getKey)));
    expect(server.state.fetches).toBe(1);
  });
});
