import { createDatabaseClients, type DatabaseClients } from "@industryos/db";
import { createDevice, createTenant, createTestDatabase, type TestDatabase } from "@industryos/db/testing";
import { createTelemetryStore, type TelemetryStore } from "@industryos/db/telemetry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyTenantRetention, tenantsWithRetention } from "../src/maintenance/telemetry-retention.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let database: TestDatabase;
let db: DatabaseClients;
let store: TelemetryStore;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDatabaseClients({ appUrl: database.appUrl, systemUrl: database.systemUrl, poolSize: 4 });
  store = createTelemetryStore({ appPool: db.appPool, systemPool: db.systemPool });
});

afterAll(async () => {
  await db?.close();
  await database?.drop();
});

/** A tenant with the given settings and a device with temperature 3 days, 36 hours and 1 hour old. */
async function tenantWithPoints(settings: object, now: number) {
  const tenantId = (await createTenant(db.system)).id;
  const deviceId = (await createDevice(db.system, { tenantId })).device.id;
  await db.system.tenant.update({ where: { id: tenantId }, data: { settings } });
  await store.writeForTenant(
    tenantId,
    [3 * DAY, 36 * HOUR, HOUR].map((age, i) => ({
      entityId: deviceId,
      key: "temperature",
      ts: now - age,
      value: { type: "DOUBLE" as const, value: i + 1 },
    })),
  );
  await store.flushLatest();
  const values = async () =>
    (
      await store.range(tenantId, deviceId, { keys: ["temperature"], from: 0, to: now + DAY, order: "ASC" })
    ).temperature?.map((p) => p.value.value) ?? [];
  return { tenantId, values };
}

describe("the system administrator's retention limit in the daily maintenance", () => {
  it("keeps a tenant that chose nothing to its limit, and cuts a longer choice made before the limit was lowered", async () => {
    const now = Date.now();
    const deps = { db, store, retentionDays: 30 };
    const limitOnly = await tenantWithPoints({ limits: { maxRetentionDays: 2 } }, now);
    const lowered = await tenantWithPoints({ limits: { maxRetentionDays: 1 }, retention: { days: 20, keys: [] } }, now);
    const neither = await tenantWithPoints({ limits: { maxDevices: 5 } }, now);

    const tenants = await tenantsWithRetention(deps);
    expect(tenants).toEqual(expect.arrayContaining([limitOnly.tenantId, lowered.tenantId]));
    expect(tenants).not.toContain(neither.tenantId);

    expect(await applyTenantRetention(deps, limitOnly.tenantId, now)).toBe(1);
    expect(await limitOnly.values()).toEqual([2, 3]);
    expect(await applyTenantRetention(deps, lowered.tenantId, now)).toBe(2);
    expect(await lowered.values()).toEqual([3]);
    expect(await neither.values()).toEqual([1, 2, 3]);
  });
});
