import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cappedRetention } from "../src/index.ts";
import { createSystemAdmin } from "../src/services/admin/create-system-admin.ts";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

interface Retention {
  days: number | null;
  keys: { prefix: string; days: number }[];
  platformMaxDays: number;
  tenantMaxDays: number | null;
  error?: { code: string; details?: { path: (string | number)[]; message: string }[] };
}

let h: ApiHarness;
let admin: { cookie: string; tenantId: string };
let sysCookie: string;

beforeAll(async () => {
  h = await startApiHarness();
  admin = await h.signup("retention");
  await createSystemAdmin(h.deps.db.system, { email: "root@retention.test", password: "platform root password" });
  sysCookie = (
    await h.call("POST", "/api/v1/auth/login", {
      body: { email: "root@retention.test", password: "platform root password" },
    })
  ).sessionCookie!;
});
afterAll(async () => h?.close());

const path = "/api/v1/tenant/telemetry-retention";

describe("a tenant's telemetry retention", () => {
  it("starts at the platform's limit and keeps a shorter one with key rules, next to the other settings", async () => {
    await h.deps.db.system.tenant.update({
      where: { id: admin.tenantId },
      data: { settings: { limits: { maxDevices: 50 } } },
    });
    const before = await h.call<Retention>("GET", path, { cookie: admin.cookie });
    expect(before.body).toEqual({ days: null, keys: [], platformMaxDays: expect.any(Number), tenantMaxDays: null });
    const body = { days: 30, keys: [{ prefix: "debug_", days: 2 }] };
    const set = await h.call<Retention>("PUT", path, { cookie: admin.cookie, body });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject(body);
    expect((await h.call<Retention>("GET", path, { cookie: admin.cookie })).body).toMatchObject(body);
    const tenant = await h.deps.db.system.tenant.findUniqueOrThrow({ where: { id: admin.tenantId } });
    expect(tenant.settings).toEqual({ limits: { maxDevices: 50 }, retention: body });
  });

  it("refuses more than the platform's limit and a repeated prefix, naming the field", async () => {
    const max = (await h.call<Retention>("GET", path, { cookie: admin.cookie })).body.platformMaxDays;
    const over = await h.call<Retention>("PUT", path, {
      cookie: admin.cookie,
      body: { days: 7, keys: [{ prefix: "raw_", days: max + 1 }] },
    });
    expect(over.status).toBe(422);
    expect(over.body.error?.details).toEqual([
      { path: ["keys", 0, "days"], message: `At most ${max} days (the platform's limit)` },
    ]);
    const twice = await h.call<Retention>("PUT", path, {
      cookie: admin.cookie,
      body: {
        keys: [
          { prefix: "a", days: 1 },
          { prefix: "a", days: 2 },
        ],
      },
    });
    expect(twice.status).toBe(422);
    expect((await h.call<Retention>("GET", path, { cookie: admin.cookie })).body.days).toBe(30);
  });
});

describe("the system administrator's retention limit for a tenant", () => {
  const setLimit = (tenantId: string, maxRetentionDays: number | null) =>
    h.call<{ limits: { maxRetentionDays?: number | null } }>("PATCH", `/api/v1/admin/tenants/${tenantId}`, {
      cookie: sysCookie,
      body: { limits: { maxRetentionDays } },
    });

  it("is set with the tenant's other limits, shown beside the tenant's setting, and refuses more (422, in words)", async () => {
    const tenant = await h.signup("retention-limit");
    await setLimit(tenant.tenantId, null);
    const patched = await setLimit(tenant.tenantId, 60);
    expect(patched.status).toBe(200);
    expect(patched.body.limits.maxRetentionDays).toBe(60);
    const view = await h.call<Retention>("GET", path, { cookie: tenant.cookie });
    expect(view.body).toMatchObject({ days: null, keys: [], tenantMaxDays: 60 });
    expect(view.body.platformMaxDays).toBeGreaterThan(60);

    const over = await h.call<Retention>("PUT", path, {
      cookie: tenant.cookie,
      body: {
        days: 61,
        keys: [
          { prefix: "raw_", days: 90 },
          { prefix: "debug_", days: 7 },
        ],
      },
    });
    expect(over.status).toBe(422);
    expect(over.body.error?.details).toEqual([
      { path: ["days"], message: "At most 60 days (the limit your system administrator set)" },
      { path: ["keys", 0, "days"], message: "At most 60 days (the limit your system administrator set)" },
    ]);
    expect((await h.call<Retention>("GET", path, { cookie: tenant.cookie })).body.days).toBeNull();

    const within = await h.call<Retention>("PUT", path, {
      cookie: tenant.cookie,
      body: { days: 60, keys: [{ prefix: "debug_", days: 7 }] },
    });
    expect(within.status).toBe(200);
    expect(within.body).toMatchObject({ days: 60, tenantMaxDays: 60 });
  });

  it("leaves the platform's limit in charge when it is the lower one, and applies to no other tenant", async () => {
    const tenant = await h.signup("retention-high-limit");
    const platform = (await h.call<Retention>("GET", path, { cookie: tenant.cookie })).body.platformMaxDays;
    await setLimit(tenant.tenantId, platform + 100);
    const over = await h.call<Retention>("PUT", path, { cookie: tenant.cookie, body: { days: platform + 1 } });
    expect(over.status).toBe(422);
    expect(over.body.error?.details).toEqual([
      { path: ["days"], message: `At most ${platform} days (the platform's limit)` },
    ]);
    expect((await h.call<Retention>("GET", path, { cookie: admin.cookie })).body.tenantMaxDays).toBeNull();
  });

  it("is refused from a tenant administrator and below one day", async () => {
    const tenant = await h.signup("retention-self-limit");
    const self = await h.call("PATCH", `/api/v1/admin/tenants/${tenant.tenantId}`, {
      cookie: tenant.cookie,
      body: { limits: { maxRetentionDays: 36_500 } },
    });
    expect(self.status).toBe(403);
    expect((await setLimit(tenant.tenantId, 0)).status).toBe(422);
  });

  it("caps what the maintenance applies: a lowered limit cuts longer days, no days of its own keeps the limit's", () => {
    const chosen = {
      days: 200,
      keys: [
        { prefix: "debug_", days: 7 },
        { prefix: "raw_", days: 300 },
      ],
    };
    expect(cappedRetention(chosen, 90)).toEqual({
      days: 90,
      keys: [
        { prefix: "debug_", days: 7 },
        { prefix: "raw_", days: 90 },
      ],
    });
    expect(cappedRetention({ days: null, keys: [] }, 30)).toEqual({ days: 30, keys: [] });
    expect(cappedRetention(chosen, null)).toBe(chosen);
  });
});
