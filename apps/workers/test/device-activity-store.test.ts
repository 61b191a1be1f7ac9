import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabaseClients, type DatabaseClients } from "@industryos/db";
import { createDevice, createTenant, createTestDatabase, type TestDatabase } from "@industryos/db/testing";
import { createDeviceActivityStore } from "../src/device-activity-store.ts";

let database: TestDatabase;
let db: DatabaseClients;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDatabaseClients({ appUrl: database.appUrl, systemUrl: database.systemUrl, poolSize: 2 });
});
afterAll(async () => {
  await db?.close();
  await database?.drop();
});

async function activeAttribute(tenantId: string, deviceId: string) {
  const row = await db.system.attribute.findUnique({
    where: { tenantId_entityId_scope_key: { tenantId, entityId: deviceId, scope: "SERVER", key: "active" } },
  });
  return row?.boolValue;
}

describe("device activity store (the inactivity workflow's activity, on PostgreSQL)", () => {
  it("marks a device that has been silent since the cut-off inactive", async () => {
    const tenant = await createTenant(db.system);
    const { device } = await createDevice(db.system, {
      tenantId: tenant.id,
      name: "silent",
      lastActivityAt: new Date("2026-01-01T00:00:00Z"),
    });
    const store = createDeviceActivityStore(db);
    const outcome = await store.markInactiveIfIdleSince({
      tenantId: tenant.id,
      deviceId: device.id,
      since: new Date("2026-01-02T00:00:00Z"),
    });
    expect(outcome.markedInactive).toBe(true);
    expect(outcome.lastSeenAt?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(await activeAttribute(tenant.id, device.id)).toBe(false);
  });

  it("leaves a device that reported after the cut-off alone", async () => {
    const tenant = await createTenant(db.system);
    const { device } = await createDevice(db.system, {
      tenantId: tenant.id,
      name: "chatty",
      lastActivityAt: new Date(),
    });
    const outcome = await createDeviceActivityStore(db).markInactiveIfIdleSince({
      tenantId: tenant.id,
      deviceId: device.id,
      since: new Date(Date.now() - 60_000),
    });
    expect(outcome.markedInactive).toBe(false);
    expect(await activeAttribute(tenant.id, device.id)).toBeUndefined();
  });

  it("cannot touch another tenant's device", async () => {
    const owner = await createTenant(db.system);
    const intruder = await createTenant(db.system);
    const { device } = await createDevice(db.system, { tenantId: owner.id, name: "theirs" });
    const outcome = await createDeviceActivityStore(db).markInactiveIfIdleSince({
      tenantId: intruder.id,
      deviceId: device.id,
      since: new Date(),
    });
    expect(outcome).toEqual({ markedInactive: false, lastSeenAt: null });
    expect(await activeAttribute(owner.id, device.id)).toBeUndefined();
    expect(await activeAttribute(intruder.id, device.id)).toBeUndefined();
  });
});
