// Latest values are written behind the points (latest-writer.ts): what a reader sees must not
// depend on whether the write-behind has run, failed, or died with its process.
import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { createTelemetryStore, type TelemetryStore } from "../src/telemetry/index.ts";
import { createTenant, useTestDatabase } from "./helpers.ts";

const ctx = useTestDatabase();
const HOUR = 3_600_000;
const long = (value: number) => ({ type: "LONG" as const, value });

async function latestRow(entityId: string, key: string) {
  const { rows } = await ctx.clients.systemPool.query(
    `SELECT (extract(epoch FROM l.ts) * 1000)::bigint AS ts, l.long_v FROM telemetry_latest l
       JOIN telemetry_series s ON s.id = l.series_id JOIN telemetry_key k ON k.id = s.key_id
      WHERE s.entity_id = $1 AND k.key = $2`,
    [entityId, key],
  );
  return rows[0] ? { ts: Number(rows[0].ts), value: Number(rows[0].long_v) } : undefined;
}

describe("latest values written behind the points", () => {
  let tenantId: string;
  // A flush interval longer than any test: only flushLatest() writes the latest table.
  let store: TelemetryStore;
  const t0 = Date.now() - 2 * HOUR;

  test("setup", async () => {
    tenantId = (await createTenant(ctx.clients.system)).id;
    store = createTelemetryStore(ctx.clients, { latestFlushMs: 3_600_000 });
  });

  test("a new series is registered in the write transaction, so keys() and latest() see it at once", async () => {
    const device = randomUUID();
    await store.writeBatch([
      { tenantId, entityId: device, key: "temperature", ts: t0, value: long(20) },
      { tenantId, entityId: device, key: "humidity", ts: t0, value: long(40) },
    ]);
    expect(await store.keys(tenantId, device)).toEqual(["humidity", "temperature"]);
    expect(await store.latest(tenantId, device)).toEqual({
      humidity: { ts: t0, value: long(40) },
      temperature: { ts: t0, value: long(20) },
    });
  });

  test("newer points are read before the latest table has them, and the flush writes the newest", async () => {
    const device = randomUUID();
    await store.writeBatch([{ tenantId, entityId: device, key: "speed", ts: t0, value: long(1) }]);
    for (let i = 1; i <= 3; i++)
      await store.writeBatch([{ tenantId, entityId: device, key: "speed", ts: t0 + i * 1000, value: long(1 + i) }]);
    // An older point arriving late changes nothing.
    await store.writeBatch([{ tenantId, entityId: device, key: "speed", ts: t0 - 60_000, value: long(-1) }]);
    expect(await latestRow(device, "speed")).toEqual({ ts: t0, value: 1 }); // still the registration
    expect(await store.latest(tenantId, device, ["speed"])).toEqual({ speed: { ts: t0 + 3000, value: long(4) } });
    await store.flushLatest();
    expect(await latestRow(device, "speed")).toEqual({ ts: t0 + 3000, value: 4 });
    expect(await store.latest(tenantId, device, ["speed"])).toEqual({ speed: { ts: t0 + 3000, value: long(4) } });
  });

  test("a process that died before flushing leaves exact reads; another process's flush never goes back in time", async () => {
    const device = randomUUID();
    const crashed = createTelemetryStore(ctx.clients, { latestFlushMs: 3_600_000 });
    await crashed.writeBatch([{ tenantId, entityId: device, key: "level", ts: t0, value: long(5) }]);
    await crashed.writeBatch([{ tenantId, entityId: device, key: "level", ts: t0 + 5000, value: long(7) }]);
    // `crashed` never flushes. Another process wrote an older point of the same series meanwhile.
    const other = createTelemetryStore(ctx.clients, { latestFlushMs: 3_600_000 });
    await other.writeBatch([{ tenantId, entityId: device, key: "level", ts: t0 + 1000, value: long(6) }]);
    await other.flushLatest();
    expect(await latestRow(device, "level")).toEqual({ ts: t0 + 1000, value: 6 });
    expect(await other.latest(tenantId, device, ["level"])).toEqual({ level: { ts: t0 + 5000, value: long(7) } });
  });

  test("a point deleted before the flush does not come back as the latest value", async () => {
    const device = randomUUID();
    await store.writeBatch([{ tenantId, entityId: device, key: "pressure", ts: t0, value: long(100) }]);
    await store.writeBatch([{ tenantId, entityId: device, key: "pressure", ts: t0 + 1000, value: long(200) }]);
    expect(await store.deleteRange(tenantId, device, { keys: ["pressure"], from: t0 + 1000, to: t0 + 2000 })).toBe(1);
    await store.flushLatest();
    expect(await store.latest(tenantId, device, ["pressure"])).toEqual({ pressure: { ts: t0, value: long(100) } });
    expect(await latestRow(device, "pressure")).toEqual({ ts: t0, value: 100 });
  });

  test("a series whose points were all deleted is registered again by the next write", async () => {
    const device = randomUUID();
    await store.writeBatch([{ tenantId, entityId: device, key: "rpm", ts: t0, value: long(900) }]);
    await store.deleteRange(tenantId, device, { from: t0 - HOUR, to: t0 + HOUR });
    expect(await store.keys(tenantId, device)).toEqual([]);
    await store.writeBatch([{ tenantId, entityId: device, key: "rpm", ts: t0 + 2 * HOUR, value: long(950) }]);
    expect(await store.keys(tenantId, device)).toEqual(["rpm"]);
    expect(await store.latest(tenantId, device)).toEqual({ rpm: { ts: t0 + 2 * HOUR, value: long(950) } });
  });

  test("a failed flush keeps the values for the next one, and the interval flush runs on its own", async () => {
    const device = randomUUID();
    const errors: unknown[] = [];
    const quick = createTelemetryStore(ctx.clients, { latestFlushMs: 50, onLatestFlushError: (e) => errors.push(e) });
    await quick.writeBatch([{ tenantId, entityId: device, key: "flow", ts: t0, value: long(1) }]);
    await quick.writeBatch([{ tenantId, entityId: device, key: "flow", ts: t0 + 1000, value: long(2) }]);
    await expect.poll(() => latestRow(device, "flow"), { timeout: 5000 }).toEqual({ ts: t0 + 1000, value: 2 });
    expect(errors).toEqual([]);

    // The system role loses the flush function for a moment: the flush fails, nothing is lost.
    const signature = "bigint[], timestamptz[], boolean[], bigint[], double precision[], text[], jsonb[]";
    const owner = ctx.db.ownerUrl;
    const pg = (await import("pg")).default;
    const admin = new pg.Client({ connectionString: owner });
    await admin.connect();
    try {
      await admin.query(`REVOKE EXECUTE ON FUNCTION telemetry_flush_latest(${signature}) FROM industryos_system`);
      await quick.writeBatch([{ tenantId, entityId: device, key: "flow", ts: t0 + 2000, value: long(3) }]);
      await expect.poll(() => errors.length, { timeout: 5000 }).toBeGreaterThan(0);
      expect(String(errors[0])).toMatch(/permission denied/);
      expect(await latestRow(device, "flow")).toEqual({ ts: t0 + 1000, value: 2 });
      expect(await quick.latest(tenantId, device, ["flow"])).toEqual({ flow: { ts: t0 + 2000, value: long(3) } });
    } finally {
      await admin.query(`GRANT EXECUTE ON FUNCTION telemetry_flush_latest(${signature}) TO industryos_system`);
      await admin.end();
    }
    await quick.flushLatest();
    expect(await latestRow(device, "flow")).toEqual({ ts: t0 + 2000, value: 3 });
  });
});
