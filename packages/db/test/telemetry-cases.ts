// The telemetry store's behaviour, run against plain PostgreSQL (telemetry.test.ts) and
// TimescaleDB in PGlite (telemetry-timescaledb.test.ts).
import { randomUUID } from "node:crypto";
import { expect, test } from "vitest";
import { BatchValidationError, type TelemetryRow, type TelemetryStore } from "../src/telemetry/index.ts";
import type { KvValue } from "@industryos/device-protocol";

export interface TelemetryContext {
  store: TelemetryStore;
  /** Two existing tenants. */
  tenantA: string;
  tenantB: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Midnight UTC two days ago: aligned to hours and days, inside the created partitions.
const base = () => Math.floor(Date.now() / DAY) * DAY - 2 * DAY;
const dbl = (value: number): KvValue => ({ type: "DOUBLE", value });
const long = (value: number): KvValue => ({ type: "LONG", value });

export function telemetryCases(ctx: () => TelemetryContext) {
  test("all value types round-trip through write, latest and range", async () => {
    const { store, tenantA } = ctx();
    const entityId = randomUUID();
    const t = base() + 1234;
    const values: Record<string, KvValue> = {
      on: { type: "BOOLEAN", value: true },
      count: long(9_007_199_254_740_991),
      negative: long(-42),
      lowest: long(-9_007_199_254_740_991),
      temp: dbl(21.5),
      tiny: dbl(-1.5e-300),
      whole: dbl(3),
      label: { type: "STRING", value: 'héllo "quoted" \\ back,slash {x}' },
      empty: { type: "STRING", value: "" },
      unicode: { type: "STRING", value: "Grüße 🌡️ 温度" },
      control: { type: "STRING", value: "tab\there\nnew line\r\\N not null" },
      nullText: { type: "STRING", value: "NULL" },
      config: { type: "JSON", value: { a: [1, 2, { b: null }], s: "x,y" } },
      list: { type: "JSON", value: [1, "two"] },
      jsonText: { type: "JSON", value: { s: 'tab\t"q" \\ end' } },
    };
    const rows = Object.entries(values).map(([key, value]) => ({ tenantId: tenantA, entityId, key, ts: t, value }));
    expect(await store.writeBatch(rows)).toBe(rows.length);

    const latest = await store.latest(tenantA, entityId);
    expect(Object.keys(latest).sort()).toEqual(Object.keys(values).sort());
    for (const [key, value] of Object.entries(values)) expect(latest[key], key).toEqual({ ts: t, value });

    const range = await store.range(tenantA, entityId, { keys: Object.keys(values), from: t, to: t + 1 });
    for (const [key, value] of Object.entries(values)) expect(range[key], key).toEqual([{ ts: t, value }]);
    expect(await store.keys(tenantA, entityId)).toEqual(Object.keys(values).sort());
    expect(await store.latest(tenantA, entityId, ["temp", "missing"])).toEqual({ temp: { ts: t, value: dbl(21.5) } });
  });

  test("aggregations match values computed here, for odd and aligned buckets", async () => {
    const { store, tenantA } = ctx();
    const entityId = randomUUID();
    const start = base();
    // 3 hours of one point every 7 minutes, plus an integer key and a string key.
    const rows: TelemetryRow[] = [];
    const points: { ts: number; v: number }[] = [];
    for (let ts = start; ts < start + 3 * HOUR; ts += 7 * 60_000) {
      const v = Math.round(Math.sin(ts / 1e7) * 1000) / 10;
      points.push({ ts, v });
      rows.push({ tenantId: tenantA, entityId, key: "temp", ts, value: dbl(v) });
      rows.push({ tenantId: tenantA, entityId, key: "n", ts, value: long(Math.round(v)) });
      rows.push({ tenantId: tenantA, entityId, key: "s", ts, value: { type: "STRING", value: "x" } });
    }
    await store.writeBatch(rows);

    for (const intervalMs of [25 * 60_000, HOUR]) {
      const from = start + 5 * 60_000 * (intervalMs === HOUR ? 0 : 1); // odd origin for the odd interval
      const to = start + 3 * HOUR;
      const expected = new Map<number, number[]>();
      for (const p of points) {
        if (p.ts < from || p.ts >= to) continue;
        const bucket = from + Math.floor((p.ts - from) / intervalMs) * intervalMs;
        expected.set(bucket, [...(expected.get(bucket) ?? []), p.v]);
      }
      const want = {
        AVG: [...expected].map(([ts, vs]) => ({ ts, value: vs.reduce((a, b) => a + b, 0) / vs.length })),
        MIN: [...expected].map(([ts, vs]) => ({ ts, value: Math.min(...vs) })),
        MAX: [...expected].map(([ts, vs]) => ({ ts, value: Math.max(...vs) })),
        SUM: [...expected].map(([ts, vs]) => ({ ts, value: vs.reduce((a, b) => a + b, 0) })),
        COUNT: [...expected].map(([ts, vs]) => ({ ts, value: vs.length })),
      };
      for (const agg of ["AVG", "MIN", "MAX", "SUM", "COUNT"] as const) {
        const got = await store.aggregate(tenantA, entityId, { keys: ["temp", "s"], from, to, intervalMs, agg });
        expect(
          got.temp!.map((p) => p.ts),
          `${agg}/${intervalMs}`,
        ).toEqual(want[agg].map((p) => p.ts));
        got.temp!.forEach((p, i) => expect(p.value, `${agg}/${intervalMs} #${i}`).toBeCloseTo(want[agg][i]!.value, 9));
        // Strings have no numeric value; they are only counted.
        expect(got.s, agg).toEqual(agg === "COUNT" ? want.COUNT : []);
      }
      const longs = await store.aggregate(tenantA, entityId, { keys: ["n"], from, to, intervalMs, agg: "SUM" });
      expect(longs.n!.map((p) => p.value)).toEqual(
        [...expected.values()].map((vs) => vs.reduce((a, b) => a + Math.round(b), 0)),
      );
    }
    const none = await store.aggregate(tenantA, entityId, {
      keys: ["temp"],
      from: start,
      to: start + HOUR,
      intervalMs: HOUR,
      agg: "NONE",
      order: "ASC",
      limit: 3,
    });
    expect(none.temp!.map((p) => p.ts)).toEqual([start, start + 7 * 60_000, start + 14 * 60_000]);
  });

  test("daily aggregation across days (rollup path on TimescaleDB)", async () => {
    const { store, tenantA } = ctx();
    const entityId = randomUUID();
    const start = base() - 3 * DAY;
    const rows: TelemetryRow[] = [];
    for (let d = 0; d < 4; d++)
      for (let h = 0; h < 24; h += 6)
        rows.push({ tenantId: tenantA, entityId, key: "e", ts: start + d * DAY + h * HOUR, value: long(d * 10 + h) });
    await store.writeBatch(rows);
    const got = await store.aggregate(tenantA, entityId, {
      keys: ["e"],
      from: start,
      to: start + 4 * DAY,
      intervalMs: DAY,
      agg: "SUM",
    });
    expect(got.e).toEqual([0, 1, 2, 3].map((d) => ({ ts: start + d * DAY, value: 4 * d * 10 + (0 + 6 + 12 + 18) })));
    const twoDays = await store.aggregate(tenantA, entityId, {
      keys: ["e"],
      from: start,
      to: start + 4 * DAY,
      intervalMs: 2 * DAY,
      agg: "MAX",
    });
    expect(twoDays.e).toEqual([
      { ts: start, value: 18 + 10 },
      { ts: start + 2 * DAY, value: 30 + 18 },
    ]);
  });

  test("range boundaries: from inclusive, to exclusive, limit per key and order", async () => {
    const { store, tenantA } = ctx();
    const entityId = randomUUID();
    const t = base() + 10 * HOUR;
    await store.writeBatch(
      [-1, 0, 1, 999, 1000].map((d) => ({ tenantId: tenantA, entityId, key: "k", ts: t + d, value: long(d) })),
    );
    const got = await store.range(tenantA, entityId, { keys: ["k"], from: t, to: t + 1000, order: "ASC" });
    expect(got.k!.map((p) => p.value.value)).toEqual([0, 1, 999]);
    const desc = await store.range(tenantA, entityId, { keys: ["k"], from: t - 1, to: t + 1001, limit: 2 });
    expect(desc.k!.map((p) => p.value.value)).toEqual([1000, 999]);
    // A bucket boundary exactly on a point puts it in the later bucket.
    const buckets = await store.aggregate(tenantA, entityId, {
      keys: ["k"],
      from: t - 1,
      to: t + 1001,
      intervalMs: 1000,
      agg: "COUNT",
    });
    expect(buckets.k).toEqual([
      { ts: t - 1, value: 3 },
      { ts: t + 999, value: 2 },
    ]);
    // Points across a day boundary (two partitions / chunks).
    const midnight = base() + DAY;
    await store.writeBatch(
      [midnight - 1, midnight].map((ts) => ({
        tenantId: tenantA,
        entityId,
        key: "edge",
        ts,
        value: long(ts - midnight),
      })),
    );
    const edge = await store.range(tenantA, entityId, {
      keys: ["edge"],
      from: midnight - 1,
      to: midnight + 1,
      order: "ASC",
    });
    expect(edge.edge!.map((p) => p.ts)).toEqual([midnight - 1, midnight]);
  });

  test("latest moves forward only, and rewriting a point overwrites it", async () => {
    const { store, tenantA } = ctx();
    const entityId = randomUUID();
    const t = base() + 5 * HOUR;
    await store.writeBatch([{ tenantId: tenantA, entityId, key: "k", ts: t, value: long(1) }]);
    await store.writeBatch([{ tenantId: tenantA, entityId, key: "k", ts: t - 1000, value: long(0) }]); // late, older point
    expect((await store.latest(tenantA, entityId)).k).toEqual({ ts: t, value: long(1) });
    // The same point twice in one batch and again later: the last value wins, stored once.
    await store.writeBatch([
      { tenantId: tenantA, entityId, key: "k", ts: t, value: long(2) },
      { tenantId: tenantA, entityId, key: "k", ts: t, value: long(3) },
    ]);
    const got = await store.range(tenantA, entityId, { keys: ["k"], from: t - 5000, to: t + 1 });
    expect(got.k).toEqual([
      { ts: t, value: long(3) },
      { ts: t - 1000, value: long(0) },
    ]);
    expect((await store.latest(tenantA, entityId)).k).toEqual({ ts: t, value: long(3) });
  });

  test("messages of one device in the same millisecond keep each other's keys; a repeated key overwrites", async () => {
    const { store, tenantA } = ctx();
    const entityId = randomUUID();
    const t = base() + 5 * HOUR + 77;
    const row = (key: string, value: KvValue, ts = t) => ({ tenantId: tenantA, entityId, key, ts, value });
    // Two messages at t in one batch, the second repeating "a" with another type.
    await store.writeGroups([
      {
        tenantId: tenantA,
        entityId,
        points: [
          { key: "a", ts: t, value: long(1) },
          { key: "b", ts: t, value: dbl(1.5) },
        ],
      },
      {
        tenantId: tenantA,
        entityId,
        points: [
          { key: "a", ts: t, value: { type: "STRING", value: "one" } },
          { key: "c", ts: t, value: long(3) },
        ],
      },
    ]);
    // A third message at t in a later batch: "b" is overwritten, "d" added, the rest stays.
    expect(
      await store.writeBatch([
        row("b", dbl(2.5)),
        row("d", { type: "BOOLEAN", value: false }),
        row("e", long(5), t + 1),
      ]),
    ).toBe(3);
    const all = await store.range(tenantA, entityId, {
      keys: ["a", "b", "c", "d", "e"],
      from: t,
      to: t + 2,
      order: "ASC",
    });
    expect(all).toEqual({
      a: [{ ts: t, value: { type: "STRING", value: "one" } }],
      b: [{ ts: t, value: dbl(2.5) }],
      c: [{ ts: t, value: long(3) }],
      d: [{ ts: t, value: { type: "BOOLEAN", value: false } }],
      e: [{ ts: t + 1, value: long(5) }],
    });
    // Deleting some keys leaves the others of the same messages.
    expect(await store.deleteRange(tenantA, entityId, { keys: ["a", "e"], from: t, to: t + 2 })).toBe(2);
    const left = await store.range(tenantA, entityId, { keys: ["a", "b", "c", "d", "e"], from: t, to: t + 2 });
    expect(left).toEqual({ a: [], b: all.b, c: all.c, d: all.d, e: [] });
    expect(
      await store.aggregate(tenantA, entityId, {
        keys: ["b", "c", "d"],
        from: t,
        to: t + 2,
        intervalMs: 2,
        agg: "COUNT",
      }),
    ).toEqual({
      b: [{ ts: t, value: 1 }],
      c: [{ ts: t, value: 1 }],
      d: [{ ts: t, value: 1 }],
    });
    expect(Object.keys(await store.latest(tenantA, entityId)).sort()).toEqual(["b", "c", "d"]);
  });

  test("a batch with one invalid row is rejected whole, with a clear error", async () => {
    const { store, tenantA } = ctx();
    const entityId = randomUUID();
    const t = base();
    const good = (key: string) => ({ tenantId: tenantA, entityId, key, ts: t, value: dbl(1) });
    const bad: [string, object][] = [
      ["a finite number", { ...good("x"), value: dbl(Number.NaN) }],
      ["must be a UUID", { ...good("x"), entityId: "device-1" }],
      ["key must be a non-empty string", { ...good("") }],
      ["NUL", { ...good("x"), value: { type: "STRING", value: "a\u0000b" } }],
      ["in the future", { ...good("x"), ts: Date.now() + 3 * DAY }],
      ["must be {type", { ...good("x"), value: 5 }],
      ["safe integer", { ...good("x"), value: long(1.5) }],
    ];
    // A missing id is refused even in the first row (ids already checked are skipped).
    for (const field of ["tenantId", "entityId"] as const) {
      const row = { ...good("x"), [field]: undefined };
      await expect(store.writeBatch([row as unknown as TelemetryRow]), field).rejects.toThrow(
        `row 0: ${field} must be a UUID`,
      );
    }
    for (const [message, row] of bad) {
      const batch = [good("a"), good("b"), row as TelemetryRow, good("c")];
      const error = await store.writeBatch(batch).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, message).toBeInstanceOf(BatchValidationError);
      expect((error as Error).message, message).toContain("row 2:");
      expect((error as Error).message, message).toContain(message);
    }
    expect(await store.keys(tenantA, entityId)).toEqual([]);
  });

  test("points grouped by entity (ingest's messages) are written like rows, and one invalid point rejects them all", async () => {
    const { store, tenantA, tenantB } = ctx();
    const [first, second] = [randomUUID(), randomUUID()];
    const t = base() + 9 * HOUR;
    const groups = [
      {
        tenantId: tenantA,
        entityId: first,
        points: [
          { key: "a", ts: t, value: dbl(1) },
          { key: "b", ts: t, value: long(2) },
        ],
      },
      { tenantId: tenantA, entityId: first, points: [] },
      {
        tenantId: tenantB,
        entityId: second,
        points: [{ key: "a", ts: t + 1, value: { type: "STRING" as const, value: "x" } }],
      },
    ];
    expect(await store.writeGroups(groups)).toBe(3);
    expect(await store.latest(tenantA, first)).toEqual({ a: { ts: t, value: dbl(1) }, b: { ts: t, value: long(2) } });
    expect(await store.latest(tenantB, second)).toEqual({ a: { ts: t + 1, value: { type: "STRING", value: "x" } } });
    expect(await store.latest(tenantA, second)).toEqual({});

    const invalid = [groups[0]!, { ...groups[2]!, points: [{ key: "c", ts: t, value: dbl(Number.NaN) }] }];
    await expect(store.writeGroups(invalid)).rejects.toThrow(/row 2: .*finite number/);
    expect((await store.latest(tenantA, first)).a).toEqual({ ts: t, value: dbl(1) });
  });

  test("deleteRange removes points and moves latest back", async () => {
    const { store, tenantA } = ctx();
    const entityId = randomUUID();
    const t = base() + 6 * HOUR;
    await store.writeBatch(
      [0, 1, 2, 3].map((i) => ({ tenantId: tenantA, entityId, key: "k", ts: t + i * 1000, value: long(i) })),
    );
    expect(await store.deleteRange(tenantA, entityId, { keys: ["k"], from: t + 2000, to: t + 10_000 })).toBe(2);
    expect((await store.latest(tenantA, entityId)).k).toEqual({ ts: t + 1000, value: long(1) });
    expect(await store.deleteRange(tenantA, entityId, { from: t, to: t + 10_000 })).toBe(2);
    expect(await store.latest(tenantA, entityId)).toEqual({});
    expect(await store.keys(tenantA, entityId)).toEqual([]);
  });

  test("tenant writes through the application role, and another tenant sees nothing", async () => {
    const { store, tenantA, tenantB } = ctx();
    const entityId = randomUUID();
    const t = base() + 7 * HOUR;
    expect(await store.writeForTenant(tenantA, [{ entityId, key: "secret", ts: t, value: dbl(42) }])).toBe(1);
    expect((await store.latest(tenantA, entityId)).secret?.value).toEqual(dbl(42));

    expect(await store.latest(tenantB, entityId)).toEqual({});
    expect(await store.keys(tenantB, entityId)).toEqual([]);
    expect((await store.range(tenantB, entityId, { keys: ["secret"], from: t - 1, to: t + 1 })).secret).toEqual([]);
    expect(
      (
        await store.aggregate(tenantB, entityId, {
          keys: ["secret"],
          from: t - HOUR,
          to: t + HOUR,
          intervalMs: HOUR,
          agg: "MAX",
        })
      ).secret,
    ).toEqual([]);
    expect(await store.deleteRange(tenantB, entityId, { from: t - 1, to: t + 1 })).toBe(0);
    expect((await store.latest(tenantA, entityId)).secret?.value).toEqual(dbl(42));
  });

  test("a tenant writing at another tenant's entity id writes a series of its own, and never touches the other's points", async () => {
    const { store, tenantA, tenantB } = ctx();
    const entityId = randomUUID(); // tenant B's device
    const t = base() + 8 * HOUR;
    const readB = async (at: number) => (await store.range(tenantB, entityId, { keys: ["k"], from: at, to: at + 1 })).k;
    const readA = async (at: number) => (await store.range(tenantA, entityId, { keys: ["k"], from: at, to: at + 1 })).k;
    await store.writeBatch([{ tenantId: tenantB, entityId, key: "k", ts: t, value: long(1) }]);

    // Tenant A knows the entity's id and writes at the same key and time: B's point is intact,
    // and B sees nothing of A's write, in points, latest values or keys.
    expect(await store.writeForTenant(tenantA, [{ entityId, key: "k", ts: t, value: long(666) }])).toBe(1);
    expect(await readB(t)).toEqual([{ ts: t, value: long(1) }]);
    expect(await store.latest(tenantB, entityId)).toEqual({ k: { ts: t, value: long(1) } });
    expect(await readA(t)).toEqual([{ ts: t, value: long(666) }]);

    // Ingest writing B's device's point at a time A wrote first leaves A's point A's own.
    expect(await store.writeForTenant(tenantA, [{ entityId, key: "k", ts: t + 1000, value: long(9) }])).toBe(1);
    await store.writeBatch([{ tenantId: tenantB, entityId, key: "k", ts: t + 1000, value: long(2) }]);
    expect(await readB(t + 1000)).toEqual([{ ts: t + 1000, value: long(2) }]);
    expect(await readA(t + 1000)).toEqual([{ ts: t + 1000, value: long(9) }]);
    expect(await store.deleteRange(tenantA, entityId, { from: t, to: t + 2000 })).toBe(2);
    expect(await readB(t)).toEqual([{ ts: t, value: long(1) }]);
    expect((await store.latest(tenantB, entityId)).k).toEqual({ ts: t + 1000, value: long(2) });
  });

  test("attributes by scope: coalesced batch write, reads per tenant, newer wins", async () => {
    const { store, tenantA, tenantB } = ctx();
    const entityId = randomUUID();
    const now = Date.now();
    await store.attributes.writeBatch([
      {
        tenantId: tenantA,
        entityId,
        scope: "CLIENT",
        key: "fw",
        value: { type: "STRING", value: "1.0" },
        lastUpdateTs: now - 10,
      },
      {
        tenantId: tenantA,
        entityId,
        scope: "CLIENT",
        key: "fw",
        value: { type: "STRING", value: "1.1" },
        lastUpdateTs: now,
      },
      { tenantId: tenantA, entityId, scope: "SHARED", key: "interval", value: long(30), lastUpdateTs: now },
      {
        tenantId: tenantA,
        entityId,
        scope: "SERVER",
        key: "geo",
        value: { type: "JSON", value: { lat: 1 } },
        lastUpdateTs: now,
      },
    ]);
    await store.attributes.writeBatch([
      {
        tenantId: tenantA,
        entityId,
        scope: "CLIENT",
        key: "fw",
        value: { type: "STRING", value: "0.9" },
        lastUpdateTs: now - 100,
      },
    ]);
    const client = await store.attributes.read(tenantA, entityId, { scope: "CLIENT" });
    expect(client).toEqual([
      { key: "fw", scope: "CLIENT", value: { type: "STRING", value: "1.1" }, lastUpdateTs: now },
    ]);
    expect((await store.attributes.read(tenantA, entityId)).map((a) => a.key)).toEqual(["fw", "interval", "geo"]);
    await store.attributes.write(tenantA, [
      { entityId, scope: "SHARED", key: "interval", value: dbl(12.5), lastUpdateTs: now + 1 },
    ]);
    expect((await store.attributes.read(tenantA, entityId, { scope: "SHARED", keys: ["interval"] }))[0]?.value).toEqual(
      dbl(12.5),
    );
    expect(await store.attributes.read(tenantB, entityId)).toEqual([]);
    // Many entities in one read (the rule engine's background refresh): each asked-for id answered, as read would.
    const withoutAttributes = randomUUID();
    const many = await store.attributes.readMany(tenantA, [entityId.toUpperCase(), withoutAttributes], {
      scope: "CLIENT",
    });
    expect([...many]).toEqual([
      [entityId.toUpperCase(), client],
      [withoutAttributes, []],
    ]);
    expect([...(await store.attributes.readMany(tenantB, [entityId]))]).toEqual([[entityId, []]]);
    await expect(store.attributes.readMany(tenantA, [entityId, "device-7"])).rejects.toThrow(/must be a UUID/);
    expect(await store.attributes.delete(tenantB, entityId, "SHARED", ["interval"])).toBe(0);
    expect(await store.attributes.delete(tenantA, entityId, "SHARED", ["interval"])).toBe(1);
    await expect(
      store.attributes.writeBatch([
        { tenantId: tenantA, entityId, scope: "NOPE" as "CLIENT", key: "k", value: long(1) },
      ]),
    ).rejects.toThrow(/row 0: scope must be/);
  });
}
