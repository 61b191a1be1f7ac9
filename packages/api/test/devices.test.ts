import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

let h: ApiHarness;
let admin: Awaited<ReturnType<ApiHarness["signup"]>>;
let apiKey: string;

beforeAll(async () => {
  h = await startApiHarness();
  admin = await h.signup("devices");
  const created = await h.call<{ key: string }>("POST", "/api/v1/api-keys", {
    cookie: admin.cookie,
    body: { name: "ci" },
  });
  apiKey = created.body.key;
});
afterAll(async () => h?.close());

interface Device {
  id: string;
  name: string;
  type: string;
  label: string | null;
  profileName: string;
  active: boolean;
}

describe("devices over REST with an API key", () => {
  it("creates a device with an access token, reads, updates and deletes it", async () => {
    const created = await h.call<Device>("POST", "/api/v1/devices", {
      apiKey,
      body: { name: "Pump 1", type: "pump", label: "North well" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "Pump 1",
      type: "pump",
      label: "North well",
      profileName: "default",
      active: false,
    });
    const id = created.body.id;

    const credentials = await h.call<{ type: string; accessToken: string }>(
      "GET",
      `/api/v1/devices/${id}/credentials`,
      { apiKey },
    );
    expect(credentials.body.type).toBe("ACCESS_TOKEN");
    expect(credentials.body.accessToken).toMatch(/^[A-Za-z0-9]{20}$/);

    const patched = await h.call<Device>("PATCH", `/api/v1/devices/${id}`, {
      apiKey,
      body: { label: null, name: "Pump 1b" },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: "Pump 1b", label: null, type: "pump" });
    expect((await h.call<Device>("GET", `/api/v1/devices/${id}`, { apiKey })).body.name).toBe("Pump 1b");

    expect((await h.call("DELETE", `/api/v1/devices/${id}`, { apiKey })).status).toBe(204);
    expect((await h.call("GET", `/api/v1/devices/${id}`, { apiKey })).status).toBe(404);
    expect((await h.call("DELETE", `/api/v1/devices/${id}`, { apiKey })).status).toBe(404);
  });

  it("answers 409 for a duplicate name and 422 for invalid fields", async () => {
    await h.call("POST", "/api/v1/devices", { apiKey, body: { name: "Unique meter" } });
    const dup = await h.call<{ error: { code: string } }>("POST", "/api/v1/devices", {
      apiKey,
      body: { name: "Unique meter" },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("CONFLICT");

    const bad = await h.call<{ error: { details: { path: string[] }[] } }>("POST", "/api/v1/devices", {
      apiKey,
      body: { name: "", profileId: "not-a-uuid" },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d) => d.path[0]).sort()).toEqual(["name", "profileId"]);

    const unknownProfile = await h.call("POST", "/api/v1/devices", {
      apiKey,
      body: { name: "Orphan", profileId: "00000000-0000-4000-8000-000000000000" },
    });
    expect(unknownProfile.status).toBe(422);
  });

  it("pages, searches and sorts the list", async () => {
    for (let i = 1; i <= 12; i++) {
      await h.call("POST", "/api/v1/devices", {
        apiKey,
        body: { name: `Sensor ${String(i).padStart(2, "0")}`, type: "thermometer" },
      });
    }
    const page1 = await h.call<{ data: Device[]; total: number }>(
      "GET",
      "/api/v1/devices?search=sensor&pageSize=5&sortBy=name&sortOrder=asc",
      { apiKey },
    );
    expect(page1.status).toBe(200);
    expect(page1.body.total).toBe(12);
    expect(page1.body.data.map((d) => d.name)).toEqual([
      "Sensor 01",
      "Sensor 02",
      "Sensor 03",
      "Sensor 04",
      "Sensor 05",
    ]);
    const page3 = await h.call<{ data: Device[] }>(
      "GET",
      "/api/v1/devices?search=SENSOR&pageSize=5&page=3&sortBy=name&sortOrder=asc",
      { apiKey },
    );
    expect(page3.body.data.map((d) => d.name)).toEqual(["Sensor 11", "Sensor 12"]);

    const byType = await h.call<{ total: number }>("GET", "/api/v1/devices?type=thermometer&active=false", { apiKey });
    expect(byType.body.total).toBe(12);
    const bad = await h.call<{ error: { code: string } }>("GET", "/api/v1/devices?pageSize=1000", { apiKey });
    expect(bad.status).toBe(400);
  });

  it("regenerates the access token and sets MQTT basic credentials", async () => {
    const { body: device } = await h.call<Device>("POST", "/api/v1/devices", {
      apiKey,
      body: { name: "Gateway A", gateway: true },
    });
    const before = await h.call<{ accessToken: string }>("GET", `/api/v1/devices/${device.id}/credentials`, { apiKey });
    const regenerated = await h.call<{ accessToken: string }>("PUT", `/api/v1/devices/${device.id}/credentials`, {
      apiKey,
      body: { type: "ACCESS_TOKEN" },
    });
    expect(regenerated.status).toBe(200);
    expect(regenerated.body.accessToken).not.toBe(before.body.accessToken);

    const basic = await h.call<{ type: string; username: string }>("PUT", `/api/v1/devices/${device.id}/credentials`, {
      apiKey,
      body: { type: "MQTT_BASIC", username: "gw-a", password: "secret-password" },
    });
    expect(basic.body).toMatchObject({ type: "MQTT_BASIC", username: "gw-a" });
    expect(JSON.stringify(basic.body)).not.toContain("secret-password");

    const badCert = await h.call("PUT", `/api/v1/devices/${device.id}/credentials`, {
      apiKey,
      body: { type: "X509_CERTIFICATE", certificatePem: "nope" },
    });
    expect(badCert.status).toBe(422);
  });

  it("refuses bodies over 1 MiB with 413", async () => {
    const result = await h.call<{ error: { code: string } }>("POST", "/api/v1/devices", {
      apiKey,
      body: { name: "big", label: "x".repeat(1_100_000) },
    });
    expect(result.status).toBe(413);
    expect(result.body.error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("refuses mutations with a read-only key (403) and changes nothing", async () => {
    const readOnly = await h.call<{ key: string }>("POST", "/api/v1/api-keys", {
      cookie: admin.cookie,
      body: { name: "dashboards", scopes: ["read"] },
    });
    const denied = await h.call("POST", "/api/v1/devices", {
      apiKey: readOnly.body.key,
      body: { name: "Should not exist" },
    });
    expect(denied.status).toBe(403);
    expect((await h.call<{ total: number }>("GET", "/api/v1/devices?search=Should%20not", { apiKey })).body.total).toBe(
      0,
    );
  });

  it("refuses guessable custom tokens and limits how often a tenant may hit another device's credentials", async () => {
    const mine = await h.call<{ id: string }>("POST", "/api/v1/devices", { apiKey, body: { name: "Token owner" } });
    const other = await h.signup("victim");
    const victim = await h.call<{ id: string }>("POST", "/api/v1/devices", {
      cookie: other.cookie,
      body: { name: "Victim" },
    });
    const strong = "Victim-token-0001-abcdef";
    await h.call("PUT", `/api/v1/devices/${victim.body.id}/credentials`, {
      cookie: other.cookie,
      body: { type: "ACCESS_TOKEN", accessToken: strong },
    });
    const put = (accessToken: string) =>
      h.call<{ error: { code: string; details?: { path: string[] }[] } }>(
        "PUT",
        `/api/v1/devices/${mine.body.id}/credentials`,
        { apiKey, ip: "198.51.100.77", body: { type: "ACCESS_TOKEN", accessToken } },
      );
    const short = await put("guessme1");
    expect(short.status).toBe(422);
    expect(short.body.error.details?.[0]?.path).toEqual(["accessToken"]);
    expect((await put("aaaaaaaaaaaaaaaaaaaaaaaa")).status).toBe(422);
    for (let i = 0; i < 5; i++) expect((await put(strong)).status).toBe(409);
    const limited = await put(strong);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("RATE_LIMITED");
    expect(Number(await h.deps.redis.get("ingest:auth-failures:198.51.100.77"))).toBeGreaterThanOrEqual(5);
    // A generated token needs no guess and is still allowed.
    const generated = await h.call("PUT", `/api/v1/devices/${mine.body.id}/credentials`, {
      apiKey,
      body: { type: "ACCESS_TOKEN" },
    });
    expect(generated.status).toBe(200);
  });

  it("does not let a read-only key read a device's credentials (they let their holder act as the device)", async () => {
    const readOnly = await h.call<{ key: string }>("POST", "/api/v1/api-keys", {
      cookie: admin.cookie,
      body: { name: "viewer", scopes: ["read"] },
    });
    const device = await h.call<{ id: string }>("POST", "/api/v1/devices", { apiKey, body: { name: "Secret holder" } });
    for (const path of ["credentials", "connection-info"]) {
      const denied = await h.call<{ error: { message: string } }>("GET", `/api/v1/devices/${device.body.id}/${path}`, {
        apiKey: readOnly.body.key,
      });
      expect(denied.status, path).toBe(403);
      expect(JSON.stringify(denied.body)).not.toMatch(/accessToken/);
      expect((await h.call("GET", `/api/v1/devices/${device.body.id}/${path}`, { apiKey })).status).toBe(200);
    }
    expect((await h.call("GET", `/api/v1/devices/${device.body.id}`, { apiKey: readOnly.body.key })).status).toBe(200);
  });
});

describe("API keys", () => {
  it("shows the key once, lists it without the secret, and stops accepting it when revoked", async () => {
    const created = await h.call<{ id: string; key: string; prefix: string }>("POST", "/api/v1/api-keys", {
      cookie: admin.cookie,
      body: { name: "temp" },
    });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^iok_/);
    const list = await h.call<{ data: { id: string }[] }>("GET", "/api/v1/api-keys", { apiKey: created.body.key });
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);
    expect(list.body.data.map((k) => k.id)).toContain(created.body.id);

    expect((await h.call("DELETE", `/api/v1/api-keys/${created.body.id}`, { cookie: admin.cookie })).status).toBe(204);
    expect((await h.call("GET", "/api/v1/devices", { apiKey: created.body.key })).status).toBe(401);
  });

  it("rejects an expiry in the past", async () => {
    const result = await h.call("POST", "/api/v1/api-keys", {
      cookie: admin.cookie,
      body: { name: "old", expiresAt: "2001-01-01T00:00:00Z" },
    });
    expect(result.status).toBe(422);
  });
});
