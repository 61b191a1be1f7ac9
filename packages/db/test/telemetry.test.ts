// The telemetry store on plain PostgreSQL (partitions + BRIN), plus what only a real server
// can show: the application role cannot touch the telemetry tables at all.
import { describe, expect, test } from "vitest";
import { createTelemetryStore, type TelemetryStore } from "../src/telemetry/index.ts";
import { createTenant, useTestDatabase } from "./helpers.ts";
import { telemetryCases } from "./telemetry-cases.ts";

const ctx = useTestDatabase();
let store: TelemetryStore;
let tenantA: string;
let tenantB: string;

describe("telemetry store on plain PostgreSQL", () => {
  test("setup", async () => {
    store = createTelemetryStore(ctx.clients);
    tenantA = (await createTenant(ctx.clients.system)).id;
    tenantB = (await createTenant(ctx.clients.system)).id;
    expect(await store.flavour()).toBe("postgres");
  });

  telemetryCases(() => ({ store, tenantA, tenantB }));

  test("the application role has no grant on any telemetry table, even with its tenant set", async () => {
    const client = await ctx.clients.appPool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantA]);
      for (const table of [
        "telemetry",
        "telemetry_latest",
        "telemetry_series",
        "telemetry_key",
        "telemetry_settings",
      ]) {
        await client.query("SAVEPOINT s");
        await expect(client.query(`SELECT * FROM ${table} LIMIT 1`), table).rejects.toThrow(/permission denied/);
        await client.query("ROLLBACK TO SAVEPOINT s");
      }
      const partition = (
        await ctx.clients.systemPool.query(
          `SELECT relname FROM pg_class WHERE relname LIKE 'telemetry\\_p%' AND relkind = 'r' LIMIT 1`,
        )
      ).rows[0].relname;
      await expect(client.query(`SELECT * FROM ${partition}`)).rejects.toThrow(/permission denied/);
      await client.query("ROLLBACK TO SAVEPOINT s");
      for (const fn of ["telemetry_store_batch", "telemetry_register_series", "telemetry_flush_latest"]) {
        await client.query("SAVEPOINT s");
        await expect(client.query(`SELECT ${fn}(NULL, NULL, NULL, NULL, NULL, NULL, NULL)`), fn).rejects.toThrow(
          /permission denied/,
        );
        await client.query("ROLLBACK TO SAVEPOINT s");
      }
      // Series of any tenant could be created or looked up with it.
      await client.query("SAVEPOINT s");
      await expect(client.query("SELECT telemetry_series_ids(NULL, NULL, NULL)")).rejects.toThrow(/permission denied/);
      await client.query("ROLLBACK TO SAVEPOINT s");
      await client.query("ROLLBACK");
      // Without a tenant, the definer functions refuse to run.
      await expect(client.query("SELECT * FROM telemetry_keys(gen_random_uuid())")).rejects.toThrow(
        /app.tenant_id is not set/,
      );
    } finally {
      client.release();
    }
  });

  test("partitions are created on demand for old points, and retention drops whole days", async () => {
    const old = Date.UTC(2020, 0, 15, 12);
    await store.writeBatch([
      { tenantId: tenantA, entityId: tenantA, key: "old", ts: old, value: { type: "LONG", value: 1 } },
    ]);
    const parts = async () =>
      (
        await ctx.clients.systemPool.query(
          `SELECT relname FROM pg_class WHERE relname LIKE 'telemetry\\_p%' ORDER BY 1`,
        )
      ).rows.map((r) => r.relname as string);
    expect(await parts()).toContain("telemetry_p20200115");
    const { created, dropped } = await store.maintain({ retentionDays: 30, aheadDays: 10 });
    expect(dropped).toBeGreaterThanOrEqual(1);
    expect(created).toBeGreaterThanOrEqual(1);
    const after = await parts();
    expect(after).not.toContain("telemetry_p20200115");
    const today = new Date();
    const ahead = new Date(today.getTime() + 10 * 86_400_000).toISOString().slice(0, 10).replaceAll("-", "");
    expect(after).toContain(`telemetry_p${ahead}`);
    // The store notices the dropped partition and recreates it when an old point arrives again.
    await store.writeBatch([
      { tenantId: tenantA, entityId: tenantA, key: "old", ts: old, value: { type: "LONG", value: 2 } },
    ]);
    expect(await parts()).toContain("telemetry_p20200115");
    await store.maintain({ retentionDays: 365 });
  });

  test("writers racing to create the same new days' partitions all succeed", async () => {
    const day = Date.UTC(2019, 2, 3, 12);
    const stores = Array.from({ length: 6 }, () => createTelemetryStore(ctx.clients)); // separate day caches
    await Promise.all(
      stores.map((s, i) =>
        s.writeBatch(
          [0, 1, 2].map((d) => ({
            tenantId: tenantA,
            entityId: tenantB,
            key: `race${i}`,
            ts: day + d * 86_400_000,
            value: { type: "LONG" as const, value: d },
          })),
        ),
      ),
    );
    const read = await Promise.all(
      stores.map((_, i) => store.range(tenantA, tenantB, { keys: [`race${i}`], from: day, to: day + 3 * 86_400_000 })),
    );
    expect(read.map((r, i) => r[`race${i}`]!.length)).toEqual([3, 3, 3, 3, 3, 3]);
  });

  test("concurrent batches touching the same series in opposite orders do not deadlock", async () => {
    const entities = Array.from({ length: 300 }, () => crypto.randomUUID());
    const t = Date.now() - 3_600_000;
    for (let round = 0; round < 5; round++) {
      const rows = (order: string[], ts: number) =>
        order.map((entityId) => ({
          tenantId: tenantA,
          entityId,
          key: "dl",
          ts,
          value: { type: "LONG" as const, value: round },
        }));
      const results = await Promise.all([
        store.writeBatch(rows(entities, t + round * 10)),
        store.writeBatch(rows([...entities].reverse(), t + round * 10 + 1)),
      ]);
      expect(results).toEqual([300, 300]);
    }
  });

  test("a one-day range query prunes to its day's partitions and uses the index", async () => {
    const { rows } = await ctx.clients.systemPool.query(
      `EXPLAIN (FORMAT JSON) SELECT * FROM telemetry WHERE entity_id = '${tenantA}'
         AND ts >= now() - interval '1 day' AND ts < now()`,
    );
    const plan = JSON.stringify(rows[0]["QUERY PLAN"]);
    expect(plan).toMatch(/Index/);
    expect((plan.match(/telemetry_p\d{8}/g) ?? []).length).toBeLessThanOrEqual(2 * 2);
  });
});
