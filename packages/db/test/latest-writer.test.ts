// The write-behind's own rules, without a database: coalescing, ordering, and retrying.
import { describe, expect, test } from "vitest";
import { prepareTelemetryBatch, type PreparedBatch } from "../src/telemetry/batch.ts";
import { createLatestWriter } from "../src/telemetry/latest-writer.ts";

const tenant = "3f0c1d2e-1111-4a5b-8c9d-000000000001";
const deviceA = "3f0c1d2e-2222-4a5b-8c9d-00000000000a";
const deviceB = "3f0c1d2e-2222-4a5b-8c9d-00000000000b";
const T = Date.UTC(2026, 10, 25, 12);
// Series ids as the store would resolve them: one per device and key.
const ids = (b: PreparedBatch) =>
  b.keys.map((k, i) => Number.parseInt(b.entity[i]!.slice(-2), 16) * 10 + (k === "temp" ? 2 : 1));

function batch(rows: { entityId: string; key: string; ts: number; value: number }[]) {
  const b = prepareTelemetryBatch(
    rows.map((r) => ({
      tenantId: tenant,
      entityId: r.entityId,
      key: r.key,
      ts: r.ts,
      value: { type: "LONG", value: r.value },
    })),
  );
  return { b, seriesIds: ids(b) };
}

describe("latest-value write-behind", () => {
  test("coalesces every batch to one row per series, the newest, sorted for lock order", async () => {
    const flushed: { seriesIds: number[]; ms: number[]; num: number[] }[] = [];
    const writer = createLatestWriter({
      flush: async (points, seriesIds) => void flushed.push({ seriesIds, ms: points.ms, num: points.num }),
      intervalMs: 60_000,
      flushAtSeries: 1_000,
      onError: () => undefined,
    });
    for (const [ts, value] of [
      [T + 2000, 3],
      [T, 1],
      [T + 1000, 2],
    ] as const) {
      const { b, seriesIds } = batch([
        { entityId: deviceB, key: "temp", ts, value },
        { entityId: deviceA, key: "temp", ts, value },
        { entityId: deviceA, key: "hum", ts, value: value * 10 },
      ]);
      writer.add(b, seriesIds, b.latest);
    }
    expect(writer.pendingSeries).toBe(3);
    await writer.drain();
    expect(flushed).toHaveLength(1);
    expect(flushed[0]).toEqual({
      seriesIds: [0x0a * 10 + 1, 0x0a * 10 + 2, 0x0b * 10 + 2], // deviceA hum, deviceA temp, deviceB temp
      ms: Array(3).fill(T + 2000),
      num: [30, 3, 3],
    });
  });

  test("a failing flush keeps the values and retries after the interval, never in a tight loop", async () => {
    let attempts = 0;
    let failing = true;
    const errors: unknown[] = [];
    const written: number[][] = [];
    const writer = createLatestWriter({
      flush: async (points) => {
        attempts++;
        if (failing) throw new Error("database is down");
        written.push(points.num);
      },
      intervalMs: 50,
      flushAtSeries: 1, // would flush at once on every add, were it not failing
      onError: (e) => errors.push(e),
    });
    const { b, seriesIds } = batch([{ entityId: deviceA, key: "temp", ts: T, value: 7 }]);
    writer.add(b, seriesIds, b.latest);
    await new Promise((r) => setTimeout(r, 400));
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(attempts).toBeLessThanOrEqual(10);
    expect(String(errors[0])).toMatch(/database is down/);
    await expect(writer.drain()).rejects.toThrow(/database is down/);

    failing = false;
    const newer = batch([{ entityId: deviceA, key: "temp", ts: T + 1000, value: 8 }]);
    writer.add(newer.b, newer.seriesIds, newer.b.latest);
    await writer.drain();
    expect(written.at(-1)).toEqual([8]);
    expect(writer.pendingSeries).toBe(0);
  });

  test("a large flush goes out in chunks that keep the lock order, and a failed chunk keeps itself and the rest", async () => {
    const devices = Array.from({ length: 5 }, (_, i) => `3f0c1d2e-3333-4a5b-8c9d-00000000000${i}`);
    const chunks: number[][] = [];
    let failAt = 1; // the second chunk fails once
    const writer = createLatestWriter({
      flush: async (_points, seriesIds) => {
        if (chunks.length === failAt) {
          failAt = -1;
          throw new Error("connection lost");
        }
        chunks.push(seriesIds);
      },
      intervalMs: 60_000,
      flushAtSeries: 1_000,
      chunkSeries: 2,
      onError: () => undefined,
    });
    // Added in reverse order: the flush must sort them.
    const { b, seriesIds } = batch(
      [...devices].reverse().map((entityId, i) => ({ entityId, key: "temp", ts: T, value: i })),
    );
    writer.add(b, seriesIds, b.latest);
    await expect(writer.drain()).rejects.toThrow(/connection lost/);
    // The first chunk was written; the failed one and the one after it wait for the next flush.
    expect(chunks.map((c) => c.length)).toEqual([2]);
    expect(writer.pendingSeries).toBe(3);
    await writer.drain();
    expect(chunks.flat()).toEqual([2, 12, 22, 32, 42]); // the devices' series, in id order
    expect(chunks.map((c) => c.length)).toEqual([2, 2, 1]);
  });

  test("a value arriving while its series is being flushed waits for the next flush, and the one in flight is written as taken", async () => {
    const flushed: number[][] = [];
    let release!: () => void;
    let calls = 0;
    const writer = createLatestWriter({
      flush: async (points) => {
        flushed.push([...points.num]);
        if (calls++ === 0) await new Promise<void>((r) => (release = r));
      },
      intervalMs: 60_000,
      flushAtSeries: 1_000,
      chunkSeries: 1, // deviceB's point goes out after deviceA's chunk is written
      onError: () => undefined,
    });
    const first = batch([
      { entityId: deviceA, key: "temp", ts: T, value: 1 },
      { entityId: deviceB, key: "temp", ts: T, value: 10 },
    ]);
    writer.add(first.b, first.seriesIds, first.b.latest);
    const flushing = writer.drain();
    await new Promise((r) => setImmediate(r)); // deviceA's chunk is being written
    for (const value of [2, 3]) {
      const next = batch([
        { entityId: deviceA, key: "temp", ts: T + value, value },
        { entityId: deviceB, key: "temp", ts: T + value, value: value * 10 },
      ]);
      writer.add(next.b, next.seriesIds, next.b.latest);
    }
    release();
    await flushing;
    await writer.drain();
    expect(flushed).toEqual([[1], [10], [3], [30]]);
  });
});
