// A year of 1-minute points for one key, then a one-day range in 1-minute buckets.
import { randomUUID } from "node:crypto";
import type { TelemetryRow, TelemetryStore } from "@industryos/db/telemetry";
import type pg from "pg";

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

export async function yearQuery(store: TelemetryStore, pool: pg.Pool) {
  const tenantId = randomUUID();
  const entityId = randomUUID();
  const end = Math.floor(Date.now() / MINUTE) * MINUTE;
  const first = end - 365 * DAY;
  const t0 = performance.now();
  let points = 0;
  for (let ts = first; ts < end;) {
    const batch: TelemetryRow[] = [];
    for (; ts < end && batch.length < 10_000; ts += MINUTE)
      batch.push({
        tenantId,
        entityId,
        key: "power",
        ts,
        value: { type: "DOUBLE", value: Math.sin(ts / 3.6e6) * 50 + 100 },
      });
    points += await store.writeBatch(batch);
  }
  const writeMs = performance.now() - t0;
  await pool.query("ANALYZE telemetry");

  const times: number[] = [];
  let buckets = 0;
  for (let i = 0; i < 11; i++) {
    const from = end - (i + 2) * DAY - 7 * MINUTE; // a different day each time, not minute-aligned to midnight
    const q0 = performance.now();
    const result = await store.aggregate(tenantId, entityId, {
      keys: ["power"],
      from,
      to: from + DAY,
      intervalMs: MINUTE,
      agg: "AVG",
    });
    times.push(performance.now() - q0);
    buckets = result.power!.length;
  }
  const sorted = [...times].sort((a, b) => a - b);
  // The same over 30 days (43,200 buckets): a month-long chart at full resolution.
  const month: number[] = [];
  for (let i = 0; i < 5; i++) {
    const q0 = performance.now();
    await store.aggregate(tenantId, entityId, {
      keys: ["power"],
      from: end - 30 * DAY,
      to: end,
      intervalMs: MINUTE,
      agg: "AVG",
    });
    month.push(performance.now() - q0);
  }
  month.sort((a, b) => a - b);
  return {
    points,
    writeMs,
    firstMs: times[0]!,
    medianMs: sorted[Math.floor(sorted.length / 2)]!,
    runs: times.length,
    buckets,
    monthMedianMs: month[2]!,
  };
}
