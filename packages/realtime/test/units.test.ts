import { describe, expect, it } from "vitest";
import { backoffDelay } from "../src/client/backoff.ts";
import { decodeLiveUpdate } from "../src/bus/live-update.ts";
import { BucketAggregator } from "../src/subscriptions/bucket-aggregator.ts";
import { FlushScheduler } from "../src/subscriptions/flush-scheduler.ts";
import { PendingPoints } from "../src/subscriptions/pending-points.ts";
import { StartGate } from "../src/session/start-gate.ts";
import { sleep } from "./support/ws-test-client.ts";

describe("FlushScheduler", () => {
  it("flushes at once after a quiet period, then at most once per interval", async () => {
    const flushes: number[] = [];
    const scheduler = new FlushScheduler(
      100,
      () => true,
      () => flushes.push(Date.now()),
    );
    scheduler.request();
    expect(flushes).toHaveLength(1);
    for (let i = 0; i < 10; i++) scheduler.request();
    expect(flushes).toHaveLength(1);
    await sleep(150);
    expect(flushes).toHaveLength(2);
    expect(flushes[1]! - flushes[0]!).toBeGreaterThanOrEqual(95);
    scheduler.stop();
  });

  it("holds back while the socket is not writable instead of queueing more", async () => {
    let writable = false;
    let flushes = 0;
    const scheduler = new FlushScheduler(
      20,
      () => writable,
      () => flushes++,
    );
    scheduler.request();
    await sleep(100);
    expect(flushes).toBe(0);
    writable = true;
    await sleep(60);
    expect(flushes).toBe(1);
    scheduler.stop();
  });
});

describe("PendingPoints", () => {
  it("keeps the newest value per key in latest mode and counts the superseded ones", () => {
    const pending = new PendingPoints("latest", 1);
    pending.add("d", "t", { ts: 2, value: "b" });
    pending.add("d", "t", { ts: 1, value: "a" });
    pending.add("d", "t", { ts: 3, value: "c" });
    expect(pending.take()).toEqual({ data: { d: { t: [{ ts: 3, value: "c" }] } }, merged: 2 });
    expect(pending.take()).toBeNull();
  });

  it("keeps up to maxPerKey points in series mode, oldest first", () => {
    const pending = new PendingPoints("series", 2);
    for (const ts of [3, 1, 2]) pending.add("d", "t", { ts, value: ts });
    expect(pending.take()).toEqual({
      data: {
        d: {
          t: [
            { ts: 1, value: 1 },
            { ts: 2, value: 2 },
          ],
        },
      },
      merged: 1,
    });
  });
});

describe("BucketAggregator", () => {
  it("aggregates per bucket aligned on the store's origin and starts a new bucket when time moves on", () => {
    const agg = new BucketAggregator("AVG", 60, 30);
    agg.add("d", "p", 40, 10, true); // seeded from the store: not sent by itself
    expect(agg.take()).toBeNull();
    agg.add("d", "p", 50, 20);
    expect(agg.take()).toEqual({ data: { d: { p: [{ ts: 30, value: 15 }] } }, merged: 0 });
    agg.add("d", "p", 95, 1);
    agg.add("d", "p", 96, "not a number");
    agg.add("d", "p", 20, 5); // before the current bucket: ignored
    expect(agg.take()).toEqual({ data: { d: { p: [{ ts: 90, value: 1 }] } }, merged: 0 });
  });

  it("computes MIN, MAX, SUM and COUNT", () => {
    for (const [fn, expected] of [
      ["MIN", 1],
      ["MAX", 5],
      ["SUM", 9],
      ["COUNT", 3],
    ] as const) {
      const agg = new BucketAggregator(fn, 1000);
      for (const v of [3, 1, 5]) agg.add("d", "k", 10, v);
      expect(agg.take()?.data.d?.k?.[0]?.value).toBe(expected);
    }
  });
});

describe("backoffDelay", () => {
  it("grows exponentially to the cap, with full jitter", () => {
    const top = { initialMs: 100, maxMs: 1000, random: () => 0.999999 };
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, top))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(5, { ...top, random: () => 0 })).toBe(0);
  });
});

describe("decodeLiveUpdate", () => {
  it("reads ingest's telemetry and attribute messages and ignores anything else", () => {
    const telemetry = JSON.stringify({
      type: "POST_TELEMETRY_REQUEST",
      tenantId: "t",
      deviceId: "d",
      receivedAt: 5,
      points: [{ ts: 1, key: "k", type: "LONG", value: 2 }],
    });
    expect(decodeLiveUpdate(telemetry)).toEqual({
      kind: "telemetry",
      tenantId: "t",
      deviceId: "d",
      points: [{ key: "k", ts: 1, value: 2 }],
    });
    const attributes = JSON.stringify({
      type: "POST_ATTRIBUTES_REQUEST",
      tenantId: "t",
      deviceId: "d",
      receivedAt: 5,
      scope: "CLIENT",
      attributes: [{ key: "fw", type: "STRING", value: "1" }],
    });
    expect(decodeLiveUpdate(attributes)).toEqual({
      kind: "attributes",
      tenantId: "t",
      deviceId: "d",
      scope: "CLIENT",
      ts: 5,
      values: [{ key: "fw", value: "1" }],
    });
    expect(decodeLiveUpdate("nope")).toBeNull();
    expect(decodeLiveUpdate(JSON.stringify({ type: "OTHER", tenantId: "t", deviceId: "d" }))).toBeNull();
  });
});

describe("StartGate", () => {
  it("runs at most `concurrency` starts at once, in arrival order, and survives failures", async () => {
    const gate = new StartGate(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const job = (i: number) =>
      gate.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(10);
        order.push(i);
        running--;
        if (i === 1) throw new Error("boom");
      });
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map(job));
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled", "fulfilled"]);
  });
});
