import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

interface Retention {
  days: number | null;
  keys: { prefix: string; days: number }[];
  platformMaxDays: number;
  error?: { code: string; details?: { path: (string | number)[]; message: string }[] };
}

let h: ApiHarness;
let admin: { cookie: string; tenantId: string };

beforeAll(async () => {
  h = await startApiHarness();
  admin = await h.signup("retention");
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
    expect(before.body).toEqual({ days: null, keys: [], platformMaxDays: expect.any(Number) });
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
