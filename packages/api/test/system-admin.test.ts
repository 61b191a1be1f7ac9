import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSystemAdmin } from "../src/services/admin/create-system-admin.ts";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

let h: ApiHarness;
let sysCookie: string;
beforeAll(async () => {
  h = await startApiHarness();
  await createSystemAdmin(h.deps.db.system, { email: "root@platform.test", password: "platform root password" });
  sysCookie = (
    await h.call("POST", "/api/v1/auth/login", {
      body: { email: "root@platform.test", password: "platform root password" },
    })
  ).sessionCookie!;
});
afterAll(async () => h?.close());

describe("system administration", () => {
  it("keeps the device limits ingest reads (keys per message and device, ThingsBoard rate limits)", async () => {
    const tenant = await h.signup("device-limits");
    const limits = {
      maxKeysPerMessage: 20,
      maxKeysPerDevice: 200,
      transportDeviceMsgRateLimit: "10:1,300:60",
      transportGatewayTelemetryDataPointsRateLimit: "1000:1",
    };
    const patched = await h.call<{ limits: typeof limits }>("PATCH", `/api/v1/admin/tenants/${tenant.tenantId}`, {
      cookie: sysCookie,
      body: { limits },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.limits).toMatchObject(limits);
    const stored = await h.deps.db.system.tenant.findUniqueOrThrow({ where: { id: tenant.tenantId } });
    expect((stored.settings as { limits: object }).limits).toMatchObject(limits);
    const bad = await h.call("PATCH", `/api/v1/admin/tenants/${tenant.tenantId}`, {
      cookie: sysCookie,
      body: { limits: { transportDeviceMsgRateLimit: "ten per second" } },
    });
    expect(bad.status).toBe(422);
  });

  it("lets the system administrator see tenants and set limits that are enforced", async () => {
    const tenant = await h.signup("limited");
    const list = await h.call<{ data: { id: string; name: string }[] }>("GET", "/api/v1/admin/tenants", {
      cookie: sysCookie,
    });
    expect(list.status).toBe(200);
    expect(list.body.data.map((t) => t.id)).toContain(tenant.tenantId);

    const patched = await h.call<{ limits: { maxDevices: number } }>(
      "PATCH",
      `/api/v1/admin/tenants/${tenant.tenantId}`,
      { cookie: sysCookie, body: { limits: { maxDevices: 1 } } },
    );
    expect(patched.body.limits.maxDevices).toBe(1);

    expect((await h.call("POST", "/api/v1/devices", { cookie: tenant.cookie, body: { name: "first" } })).status).toBe(
      201,
    );
    const second = await h.call<{ error: { message: string } }>("POST", "/api/v1/devices", {
      cookie: tenant.cookie,
      body: { name: "second" },
    });
    expect(second.status).toBe(403);
    expect(second.body.error.message).toContain("at most 1 devices");
  });

  it("refuses tenant administrators (403) and keeps system administrators out of tenant routes", async () => {
    const tenant = await h.signup("plain");
    expect((await h.call("GET", "/api/v1/admin/tenants", { cookie: tenant.cookie })).status).toBe(403);
    expect(
      (
        await h.call("PATCH", `/api/v1/admin/tenants/${tenant.tenantId}`, {
          cookie: tenant.cookie,
          body: { limits: { maxDevices: 0 } },
        })
      ).status,
    ).toBe(403);
    expect((await h.call("GET", "/api/v1/devices", { cookie: sysCookie })).status).toBe(403);
  });

  it("resets the password when run again and refuses a tenant user's email", async () => {
    expect(
      (await createSystemAdmin(h.deps.db.system, { email: "root@platform.test", password: "a second root password" }))
        .created,
    ).toBe(false);
    const tenant = await h.signup("taken");
    await expect(
      createSystemAdmin(h.deps.db.system, { email: tenant.email, password: "whatever password" }),
    ).rejects.toThrow("already belongs");
    await expect(createSystemAdmin(h.deps.db.system, { email: "x@y.test", password: "short" })).rejects.toThrow(
      "10 characters",
    );
  });
});
