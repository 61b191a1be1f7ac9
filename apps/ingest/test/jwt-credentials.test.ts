import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignJWT } from "jose";
import { jwtCredentialsId } from "@industryos/db";
import { createTelemetryStore } from "@industryos/db/telemetry";
import { deviceAuthFailuresKey } from "@industryos/device-bus";
import { coapClient } from "./coap-client.ts";
import { closed, connectMqtt, newDevice, startHarness, waitFor, type Harness } from "./harness.ts";
import { signingKey, signJwt, startJwksServer, type JwksServer, type SigningKey } from "./jwt-issuer-server.ts";

/**
 * Devices log in with JWTs of their tenant's registered issuers: one publishing its keys at a
 * local JWKS server (rotated during the test), one registered with static keys. The keys are made
 * here; ingest verifies signature, iss, aud, exp and nbf with the jose library.
 */
let h: Harness;
let jwks: JwksServer;
let rsa: SigningKey;
let ec: SigningKey;
let ed: SigningKey;
let base: string;

const REMOTE_ISSUER = "https://idp.factory.test/";
const STATIC_ISSUER = "https://static.factory.test";
const AUDIENCE = "industryos";

beforeAll(async () => {
  [rsa, ec, ed] = await Promise.all([
    signingKey("RS256", "rsa-1"),
    signingKey("ES256", "ec-1"),
    signingKey("EdDSA", "ed-1"),
  ]);
  jwks = await startJwksServer([rsa, ec]);
  h = await startHarness({
    redisDb: 23,
    overrides: {
      // The JWKS server is on loopback, as an authorization server on one's own machine would be.
      INGEST_JWKS_ALLOW_PRIVATE_NETWORKS: true,
      INGEST_JWKS_REFRESH_COOLDOWN_SECONDS: 1,
      INGEST_AUTH_FAILURES_PER_MINUTE: 1000,
    },
  });
  base = `http://127.0.0.1:${h.ingest.ports.http}`;
  await h.db.system.jwtIssuer.create({
    data: { tenantId: h.tenantId, issuer: REMOTE_ISSUER, audience: AUDIENCE, jwksUri: jwks.url, clockSkewSeconds: 0 },
  });
  await h.db.system.jwtIssuer.create({
    data: {
      tenantId: h.tenantId,
      issuer: STATIC_ISSUER,
      keys: { keys: [ed.jwk] } as object,
      deviceClaim: "device_id",
      clockSkewSeconds: 0,
    },
  });
});
afterAll(async () => {
  await h?.close();
  await jwks?.close();
});

/** A device whose credential is the JWT subject `subject`. */
async function jwtDevice(subject: string) {
  const { device, credential } = await newDevice(h);
  await h.db.system.deviceCredential.update({
    where: { id: credential.id },
    data: { type: "JWT", credentialsId: jwtCredentialsId(h.tenantId, subject) },
  });
  return device;
}

const latest = (deviceId: string) => createTelemetryStore(h.db).latest(h.tenantId, deviceId);
const remoteToken = (key: SigningKey, sub: string, claims: Record<string, unknown> = {}, expiresIn = 300) =>
  signJwt(key, { iss: REMOTE_ISSUER, aud: AUDIENCE, sub, ...claims }, expiresIn);
const connectWithJwt = (token: string, protocolVersion: 4 | 5 = 4) =>
  connectMqtt(h.ingest.ports.mqtt, { username: "anything", password: token, protocolVersion });
const postJwt = (resource: string, token: string, body: unknown) =>
  fetch(`${base}/api/v1/jwt/${resource}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("MQTT with a JWT as the password", () => {
  it("lets an RS256 (MQTT 3.1.1) and an ES256 (MQTT 5) device publish telemetry that is stored", async () => {
    const first = await jwtDevice("press-1");
    const second = await jwtDevice("press-2");
    const a = await connectWithJwt(await remoteToken(rsa, "press-1"));
    await a.publishAsync("v1/devices/me/telemetry", JSON.stringify({ pressure: 7.5 }), { qos: 1 });
    await a.endAsync();
    const b = await connectWithJwt(await remoteToken(ec, "press-2"), 5);
    await b.publishAsync("v1/devices/me/telemetry", JSON.stringify({ pressure: 8 }), { qos: 1 });
    await b.endAsync();
    expect(await latest(first.id)).toMatchObject({ pressure: { value: { type: "DOUBLE", value: 7.5 } } });
    expect(await latest(second.id)).toMatchObject({ pressure: { value: { type: "LONG", value: 8 } } });
  });

  it("refuses wrong audience, expired, not yet valid, unknown issuer and bad signature with CONNACK 5, counting each failure", async () => {
    await jwtDevice("press-3");
    const stranger = await signingKey("RS256", "rsa-1"); // same kid, another key: the signature does not verify
    const refused = [
      await remoteToken(rsa, "press-3", { aud: "someone-else" }),
      await remoteToken(rsa, "press-3", {}, -5),
      await remoteToken(rsa, "press-3", { nbf: Math.floor(Date.now() / 1000) + 600 }),
      await signJwt(rsa, { iss: "https://unknown.test/", aud: AUDIENCE, sub: "press-3" }),
      await remoteToken(stranger, "press-3"),
      await remoteToken(rsa, "no-such-device"),
    ];
    const failures = deviceAuthFailuresKey("127.0.0.1");
    const before = Number((await h.redis.get(failures)) ?? 0);
    for (const token of refused) await expect(connectWithJwt(token)).rejects.toMatchObject({ code: 5 });
    await expect(connectWithJwt(refused[0]!, 5)).rejects.toMatchObject({ code: 0x87 });
    expect(Number(await h.redis.get(failures))).toBe(before + refused.length + 1);
    // The valid token of the same device still connects.
    const ok = await connectWithJwt(await remoteToken(rsa, "press-3"));
    await ok.endAsync();
  });

  it("closes an MQTT 5 connection with DISCONNECT 0xA0 and an MQTT 3.1.1 connection when the token expires", async () => {
    await jwtDevice("press-4");
    const v5 = await connectWithJwt(await remoteToken(ec, "press-4", {}, 3), 5);
    const v3 = await connectWithJwt(await remoteToken(ec, "press-4", {}, 3));
    const disconnect = new Promise<{ reasonCode?: number }>((resolve) => v5.once("disconnect", resolve));
    const opened = Date.now();
    expect((await disconnect).reasonCode).toBe(0xa0);
    await closed(v3, 10_000);
    // Not before the token's exp (whole seconds: at most 3 s after it was made).
    expect(Date.now() - opened).toBeGreaterThan(1_000);
    v5.end(true);
  });
});

describe("HTTP with Authorization: Bearer", () => {
  it("stores telemetry and attributes of a device whose token comes from a static-keys issuer (EdDSA)", async () => {
    const device = await jwtDevice("valve-9");
    const token = await signJwt(ed, { iss: STATIC_ISSUER, device_id: "valve-9" });
    expect((await postJwt("telemetry", token, { ts: 1_700_000_000_000, values: { flow: 3.25 } })).status).toBe(200);
    expect((await postJwt("attributes", token, { firmware: "2.1" })).status).toBe(200);
    expect(await latest(device.id)).toMatchObject({
      flow: { ts: 1_700_000_000_000, value: { type: "DOUBLE", value: 3.25 } },
    });
    const attributes = await h.db.system.attribute.findMany({ where: { entityId: device.id } });
    expect(attributes.map((a) => a.key)).toEqual(["firmware"]);
  });

  it("answers 401 to a missing, expired or wrongly signed bearer token and stores nothing", async () => {
    const device = await jwtDevice("valve-10");
    const none = await fetch(`${base}/api/v1/jwt/telemetry`, { method: "POST", body: JSON.stringify({ a: 1 }) });
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { message: string } }).error.message).toMatch(/Bearer/);
    const expired = await signJwt(ed, { iss: STATIC_ISSUER, device_id: "valve-10" }, -5);
    expect((await postJwt("telemetry", expired, { a: 1 })).status).toBe(401);
    const wrongKey = await signJwt(await signingKey("EdDSA", "ed-1"), { iss: STATIC_ISSUER, device_id: "valve-10" });
    expect((await postJwt("attributes", wrongKey, { a: 1 })).status).toBe(401);
    // The issuer's device claim is device_id: a sub naming the device does not count.
    const wrongClaim = await signJwt(ed, { iss: STATIC_ISSUER, sub: "valve-10" });
    expect((await postJwt("telemetry", wrongClaim, { a: 1 })).status).toBe(401);
    expect(await latest(device.id)).toEqual({});
  });
});

describe("CoAP with the JWT as the token path segment", () => {
  it("stores telemetry sent to /api/v1/{JWT}/telemetry when the token fits a path segment", async () => {
    const device = await jwtDevice("v11");
    // The fewest claims and header fields: a CoAP Uri-Path option holds at most 255 bytes.
    const token = await new SignJWT({ iss: STATIC_ISSUER, device_id: "v11", exp: Math.floor(Date.now() / 1000) + 60 })
      .setProtectedHeader({ alg: "EdDSA", kid: ed.kid })
      .sign(ed.privateKey);
    expect(Buffer.byteLength(token)).toBeLessThanOrEqual(255);
    const coap = coapClient(h.ingest.ports.coap!);
    expect((await coap.send("POST", `/api/v1/${token}/telemetry`, JSON.stringify({ level: 12 }))).code).toBe("2.04");
    expect(await latest(device.id)).toMatchObject({ level: { value: { type: "LONG", value: 12 } } });
  });
});

describe("the issuer's JWKS", () => {
  it("accepts a key rotated in at the JWKS server after refreshing on the unknown kid", async () => {
    const device = await jwtDevice("press-5");
    const rotated = await signingKey("ES256", "ec-2");
    jwks.publish([rsa, rotated]);
    await new Promise((r) => setTimeout(r, 1_100)); // past the refresh cooldown of the last fetch
    const client = await connectWithJwt(await remoteToken(rotated, "press-5"));
    await client.publishAsync("v1/devices/me/telemetry", JSON.stringify({ rotated: true }), { qos: 1 });
    await client.endAsync();
    expect(await latest(device.id)).toMatchObject({ rotated: { value: { type: "BOOLEAN", value: true } } });
  });

  it("fetches the JWKS at most once per cooldown however many unknown kids arrive", async () => {
    await jwtDevice("press-6");
    await new Promise((r) => setTimeout(r, 1_100));
    const before = jwks.requests;
    const impostors = await Promise.all(Array.from({ length: 20 }, (_, i) => signingKey("ES256", `unknown-${i}`)));
    for (const key of impostors)
      await expect(connectWithJwt(await remoteToken(key, "press-6"))).rejects.toMatchObject({ code: 5 });
    // Twenty connects in well under two cooldowns: one or two fetches, not twenty.
    expect(jwks.requests - before).toBeLessThanOrEqual(2);
    expect(jwks.requests - before).toBeGreaterThanOrEqual(1);
  });
});

describe("an issuer whose JWKS cannot be fetched", () => {
  it("answers server unavailable (CONNACK 3, HTTP 503) without counting a failed login", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve)); // nothing listens there now
    const issuer = "https://down.factory.test/";
    await h.db.system.jwtIssuer.create({
      data: { tenantId: h.tenantId, issuer, jwksUri: `http://127.0.0.1:${port}/jwks.json` },
    });
    await jwtDevice("press-8");
    const token = await signJwt(ec, { iss: issuer, sub: "press-8" });
    const failures = deviceAuthFailuresKey("127.0.0.1");
    const before = Number((await h.redis.get(failures)) ?? 0);
    await expect(connectWithJwt(token)).rejects.toMatchObject({ code: 3 });
    expect((await postJwt("telemetry", token, { a: 1 })).status).toBe(503);
    expect(Number((await h.redis.get(failures)) ?? 0)).toBe(before);
  });
});

describe("failed JWT logins", () => {
  it("are refused outright once the address reached the failure limit", async () => {
    // The harness allows 1000 failures a minute; reach it through the shared counter.
    await h.redis.set(deviceAuthFailuresKey("127.0.0.1"), 1000, "EX", 60);
    await jwtDevice("press-7");
    await expect(connectWithJwt(await remoteToken(rsa, "press-7"))).rejects.toMatchObject({ code: 5 });
    await h.redis.del(deviceAuthFailuresKey("127.0.0.1"));
    await waitFor(async () => {
      const client = await connectWithJwt(await remoteToken(rsa, "press-7")).catch(() => null);
      await client?.endAsync();
      return client !== null;
    });
  });
});
