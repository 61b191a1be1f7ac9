import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

interface Issuer {
  id: string;
  issuer: string;
  audience: string | null;
  jwksUri: string | null;
  keys: { keys: Record<string, unknown>[] } | null;
  deviceClaim: string;
  clockSkewSeconds: number;
}
interface Failure {
  error: { code: string; message: string; details?: { path: (string | number)[]; message: string }[] };
}

let h: ApiHarness;
let keyA: string;
let keyB: string;
let deviceA: string;

const call = <T>(apiKey: string, method: string, path: string, body?: unknown) =>
  h.call<T>(method, `/api/v1${path}`, { apiKey, body });

const publicJwk = (type: "ed25519" | "ec" | "rsa") => {
  const { publicKey } =
    type === "ec"
      ? generateKeyPairSync("ec", { namedCurve: "P-256" })
      : type === "rsa"
        ? generateKeyPairSync("rsa", { modulusLength: 2048 })
        : generateKeyPairSync("ed25519");
  return { ...publicKey.export({ format: "jwk" }), kid: `${type}-1` };
};

beforeAll(async () => {
  h = await startApiHarness();
  const a = await h.signup("jwt-a");
  const b = await h.signup("jwt-b");
  keyA = (await h.call<{ key: string }>("POST", "/api/v1/api-keys", { cookie: a.cookie, body: { name: "a" } })).body
    .key;
  keyB = (await h.call<{ key: string }>("POST", "/api/v1/api-keys", { cookie: b.cookie, body: { name: "b" } })).body
    .key;
  deviceA = (await call<{ id: string }>(keyA, "POST", "/devices", { name: "jwt sensor" })).body.id;
});
afterAll(async () => h?.close());

describe("JWT issuers over REST", () => {
  it("registers an issuer with static keys, lists, reads and deletes it", async () => {
    const keys = { keys: [publicJwk("rsa"), publicJwk("ec"), publicJwk("ed25519")] };
    const created = await call<Issuer>(keyA, "POST", "/jwt-issuers", {
      issuer: "https://login.a.example.com/",
      audience: "devices",
      keys,
      deviceClaim: "sub",
      clockSkewSeconds: 30,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      issuer: "https://login.a.example.com/",
      audience: "devices",
      jwksUri: null,
      deviceClaim: "sub",
      clockSkewSeconds: 30,
    });
    expect(created.body.keys?.keys).toHaveLength(3);

    const list = await call<{ data: Issuer[]; total: number }>(keyA, "GET", "/jwt-issuers?pageSize=10");
    expect(list.body.total).toBe(1);
    expect(list.body.data[0]!.id).toBe(created.body.id);
    expect((await call<Issuer>(keyA, "GET", `/jwt-issuers/${created.body.id}`)).body.issuer).toBe(
      "https://login.a.example.com/",
    );

    const again = await call<Failure>(keyA, "POST", "/jwt-issuers", { issuer: "https://login.a.example.com/", keys });
    expect(again.status).toBe(409);

    expect((await call(keyA, "DELETE", `/jwt-issuers/${created.body.id}`)).status).toBe(204);
    expect((await call(keyA, "GET", `/jwt-issuers/${created.body.id}`)).status).toBe(404);
    expect((await call(keyA, "DELETE", `/jwt-issuers/${created.body.id}`)).status).toBe(404);
  });

  it("takes a JWKS URL with defaults for the device claim and clock skew", async () => {
    const created = await call<Issuer>(keyA, "POST", "/jwt-issuers", {
      issuer: "https://tokens.a.example.com",
      jwksUri: "https://tokens.a.example.com/.well-known/jwks.json",
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ deviceClaim: "sub", clockSkewSeconds: 60, keys: null, audience: null });
  });

  it.each([
    ["an issuer that is not a URL", { issuer: "not a url", keys: { keys: [publicJwk("ec")] } }, ["issuer"]],
    ["neither a JWKS URL nor keys", { issuer: "https://x.example.com" }, ["jwksUri"]],
    ["an empty JWKS", { issuer: "https://x.example.com", keys: { keys: [] } }, ["keys", "keys"]],
    [
      "a key that does not parse",
      { issuer: "https://x.example.com", keys: { keys: [{ kty: "EC", crv: "P-256", x: "AAAA", y: "AAAA" }] } },
      ["keys", "keys", 0],
    ],
    [
      "a private key",
      {
        issuer: "https://x.example.com",
        keys: {
          keys: [generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" })],
        },
      },
      ["keys", "keys", 0],
    ],
    [
      "an unsupported curve",
      {
        issuer: "https://x.example.com",
        keys: { keys: [generateKeyPairSync("ec", { namedCurve: "P-384" }).publicKey.export({ format: "jwk" })] },
      },
      ["keys", "keys", 0],
    ],
    ["a loopback JWKS URL", { issuer: "https://x.example.com", jwksUri: "http://127.0.0.1:9/jwks" }, ["jwksUri"]],
    [
      "a cloud metadata JWKS URL",
      { issuer: "https://x.example.com", jwksUri: "http://169.254.169.254/latest/meta-data" },
      ["jwksUri"],
    ],
    [
      "a negative clock skew",
      { issuer: "https://x.example.com", jwksUri: "https://x.example.com/j", clockSkewSeconds: -1 },
      ["clockSkewSeconds"],
    ],
  ])("refuses %s with 422 naming the field", async (_label, body, path) => {
    const r = await call<Failure>(keyA, "POST", "/jwt-issuers", body);
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    expect(r.body.error.code).toBe("VALIDATION_FAILED");
    expect(r.body.error.details?.map((d) => d.path)).toContainEqual(path);
  });

  it("hides one tenant's issuers from another", async () => {
    const created = await call<Issuer>(keyA, "POST", "/jwt-issuers", {
      issuer: "https://private.a.example.com",
      keys: { keys: [publicJwk("ed25519")] },
    });
    expect((await call(keyB, "GET", `/jwt-issuers/${created.body.id}`)).status).toBe(404);
    expect((await call(keyB, "DELETE", `/jwt-issuers/${created.body.id}`)).status).toBe(404);
    expect((await call<{ total: number }>(keyB, "GET", "/jwt-issuers")).body.total).toBe(0);
    expect((await call(keyA, "GET", `/jwt-issuers/${created.body.id}`)).status).toBe(200);
    // The same issuer may be trusted by another tenant too.
    const b = await call(keyB, "POST", "/jwt-issuers", {
      issuer: "https://private.a.example.com",
      keys: { keys: [publicJwk("ed25519")] },
    });
    expect(b.status).toBe(201);
  });
});

describe("JWT device credentials", () => {
  it("stores the subject and shows it back", async () => {
    const put = await call<{ type: string; subject: string }>(keyA, "PUT", `/devices/${deviceA}/credentials`, {
      type: "JWT",
      subject: "sensor-17",
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toEqual({ type: "JWT", subject: "sensor-17" });
    const row = await h.deps.db.system.deviceCredential.findFirstOrThrow({ where: { deviceId: deviceA } });
    expect(row.type).toBe("JWT");
    expect(row.credentialsId).toMatch(/^jwt:[0-9a-f-]{36}:sensor-17$/);
  });

  it("refuses an empty subject and the same subject on a second device of the tenant", async () => {
    const empty = await call<Failure>(keyA, "PUT", `/devices/${deviceA}/credentials`, { type: "JWT", subject: " " });
    expect(empty.status).toBe(422);
    const other = (await call<{ id: string }>(keyA, "POST", "/devices", { name: "jwt twin" })).body.id;
    const taken = await call<Failure>(keyA, "PUT", `/devices/${other}/credentials`, {
      type: "JWT",
      subject: "sensor-17",
    });
    expect(taken.status).toBe(409);
  });
});
