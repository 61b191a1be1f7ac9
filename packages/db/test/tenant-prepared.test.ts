import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabaseClients, type DatabaseClients } from "../src/index.ts";
import { createDevice, createTenant, createTestDatabase, type TestDatabase } from "../src/testing/index.ts";
import { executeAsTenant } from "../src/telemetry/tenant-prepared.ts";

// One connection, so every call below reuses the statements prepared on it.
let db: TestDatabase;
let clients: DatabaseClients;
let a: { tenantId: string; deviceId: string };
let b: { tenantId: string; deviceId: string };

beforeAll(async () => {
  db = await createTestDatabase();
  clients = createDatabaseClients({ appUrl: db.appUrl, systemUrl: db.systemUrl, poolSize: 1 });
  for (const which of ["a", "b"] as const) {
    const tenant = await createTenant(clients.system);
    const { device } = await createDevice(clients.system, { tenantId: tenant.id, name: `device ${which}` });
    if (which === "a") a = { tenantId: tenant.id, deviceId: device.id };
    else b = { tenantId: tenant.id, deviceId: device.id };
  }
});
afterAll(async () => {
  await clients?.close();
  await db?.drop();
});

const NAME_OF = `SELECT name FROM "Device" WHERE id = $1`;
const nameOf = (tenantId: string, deviceId: string) =>
  executeAsTenant<{ name: string }>(clients.appPool, tenantId, "test_device_name", NAME_OF, [deviceId]);

describe("executeAsTenant: one prepared statement under the tenant in one round trip", () => {
  it("runs under the tenant's row-level security: a tenant sees its own device, not another's", async () => {
    expect((await nameOf(a.tenantId, a.deviceId)).rows).toEqual([{ name: "device a" }]);
    expect((await nameOf(a.tenantId, b.deviceId)).rows).toEqual([]);
    expect((await nameOf(b.tenantId, b.deviceId)).rows).toEqual([{ name: "device b" }]);
  });

  it("passes strings, dates, booleans, string arrays and null through as the extended protocol would", async () => {
    const text = `it's a \\ "quote"; DROP TABLE "Device"; --`;
    const at = new Date("2026-12-07T22:40:01.234Z");
    const list = ['a"b', "c,d", "e\\f", "{g}", ""];
    const { rows } = await executeAsTenant<Record<string, unknown>>(
      clients.appPool,
      a.tenantId,
      "test_values",
      `SELECT $1::text AS s, $2::timestamptz AS t, $3::boolean AS yes, $4::text[] AS list, $5::text AS nothing, $6::jsonb AS doc`,
      [text, at, true, list, null, JSON.stringify({ q: "it's" })],
    );
    expect(rows).toEqual([{ s: text, t: at, yes: true, list, nothing: null, doc: { q: "it's" } }]);
    expect((await nameOf(a.tenantId, a.deviceId)).rows).toHaveLength(1);
  });

  it("rolls back a statement that fails, and the connection goes on working", async () => {
    const rename = `UPDATE "Device" SET name = $2 WHERE id = $1 RETURNING 1 / $3::int AS x`;
    await expect(
      executeAsTenant(clients.appPool, a.tenantId, "test_rename", rename, [a.deviceId, "renamed", 0]),
    ).rejects.toThrow(/division by zero/);
    expect((await nameOf(a.tenantId, a.deviceId)).rows).toEqual([{ name: "device a" }]);
    // The setting was local to the failed statement's transaction: nothing of tenant a is left on the connection.
    expect((await clients.appPool.query(`SELECT current_setting('app.tenant_id', true) AS t`)).rows[0].t).toBeFalsy();
  });

  it("prepares again when the session lost its statements", async () => {
    await clients.appPool.query("DEALLOCATE ALL");
    expect((await nameOf(a.tenantId, a.deviceId)).rows).toEqual([{ name: "device a" }]);
  });

  it("refuses a tenant id that is no UUID and a statement name that is no identifier", async () => {
    await expect(
      executeAsTenant(clients.appPool, "x'; --", "test_device_name", NAME_OF, [a.deviceId]),
    ).rejects.toThrow();
    await expect(executeAsTenant(clients.appPool, a.tenantId, "bad name", NAME_OF, [a.deviceId])).rejects.toThrow(
      /Invalid prepared statement name/,
    );
  });
});
