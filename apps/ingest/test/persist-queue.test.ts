import { describe, expect, it } from "vitest";
import type { DeviceUplink } from "@industryos/device-protocol";
import { createLogger } from "@industryos/runtime";
import { OverloadedError, PersistQueue, StoreUnavailableError } from "../src/core/persist-queue.ts";
import type { UplinkStore } from "../src/core/ports.ts";

const logger = createLogger("persist-queue-test", "silent");

function uplink(n: number, points = 1): DeviceUplink {
  return {
    type: "TELEMETRY",
    tenantId: "t",
    deviceId: `d${n}`,
    receivedAt: n,
    points: Array.from({ length: points }, (_, i) => ({
      ts: n,
      key: `k${i}`,
      value: { type: "LONG" as const, value: n },
    })),
    data: "{}",
  };
}

/** A store that records batches and can be switched between answering, failing and hanging. */
function controllableStore() {
  const batches: DeviceUplink[][] = [];
  let mode: "ok" | "fail" | "hang" = "ok";
  const hung: (() => void)[] = [];
  const store: UplinkStore = {
    async write(uplinks) {
      if (mode === "fail") throw new Error("connection refused");
      if (mode === "hang") await new Promise<void>((r) => hung.push(r));
      batches.push(uplinks);
    },
  };
  return {
    store,
    batches,
    set: (m: typeof mode) => (mode = m),
    release: () => hung.splice(0).forEach((r) => r()),
  };
}

describe("PersistQueue", () => {
  it("groups messages from many submitters into batches no larger than the batch size", async () => {
    const s = controllableStore();
    const queue = new PersistQueue({
      store: s.store,
      batchSize: 10,
      lingerMs: 5,
      maxPending: 1000,
      writeTimeoutMs: 1000,
      logger,
    });
    await Promise.all(Array.from({ length: 25 }, (_, i) => queue.submit(uplink(i, 2))));
    expect(s.batches.flat()).toHaveLength(25);
    expect(
      Math.max(...s.batches.map((b) => b.reduce((n, u) => n + (u.type === "TELEMETRY" ? u.points.length : 0), 0))),
    ).toBeLessThanOrEqual(10);
    expect(s.batches.length).toBeLessThan(25);
  });

  it("resolves nothing while the database hangs, and bounds what it accepts", async () => {
    const s = controllableStore();
    s.set("hang");
    const queue = new PersistQueue({
      store: s.store,
      batchSize: 2,
      lingerMs: 0,
      maxPending: 4,
      writeTimeoutMs: 10_000,
      logger,
    });
    let resolved = 0;
    const waiting = Array.from({ length: 4 }, (_, i) => queue.submit(uplink(i)).then(() => resolved++));
    await new Promise((r) => setTimeout(r, 50));
    expect(resolved).toBe(0);
    expect(queue.pending).toBe(4);
    await expect(queue.submit(uplink(9), { wait: false })).rejects.toBeInstanceOf(OverloadedError);
    let extraAccepted = false;
    const extra = queue.submit(uplink(10)).then(() => (extraAccepted = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(extraAccepted).toBe(false);
    expect(queue.pending).toBe(4);
    s.set("ok");
    s.release();
    await Promise.all(waiting);
    await extra;
    expect(resolved).toBe(4);
  });

  it("retries a failing database and acknowledges once it answers again", async () => {
    const s = controllableStore();
    s.set("fail");
    const queue = new PersistQueue({
      store: s.store,
      batchSize: 10,
      lingerMs: 0,
      maxPending: 10,
      writeTimeoutMs: 5000,
      logger,
    });
    const done = queue.submit(uplink(1));
    await new Promise((r) => setTimeout(r, 200));
    expect(queue.writing).toBe(false);
    s.set("ok");
    await done;
    expect(queue.writing).toBe(true);
    expect(s.batches).toHaveLength(1);
  });

  it("refuses (never acknowledges) messages the database could not take within the write timeout", async () => {
    const s = controllableStore();
    s.set("fail");
    const queue = new PersistQueue({
      store: s.store,
      batchSize: 10,
      lingerMs: 0,
      maxPending: 10,
      writeTimeoutMs: 300,
      logger,
    });
    await expect(queue.submit(uplink(1))).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(queue.pending).toBe(0);
  });

  it("never holds more than maxPending messages, however many submitters wait", async () => {
    const s = controllableStore();
    s.set("hang");
    const queue = new PersistQueue({
      store: s.store,
      batchSize: 5,
      lingerMs: 0,
      maxPending: 10,
      writeTimeoutMs: 10_000,
      logger,
    });
    let highest = 0;
    const all = Array.from({ length: 60 }, (_, i) => {
      const done = queue.submit(uplink(i));
      highest = Math.max(highest, queue.pending);
      return done;
    });
    for (let round = 0; round < 20; round++) {
      await new Promise((r) => setTimeout(r, 5));
      highest = Math.max(highest, queue.pending);
      s.set(round % 2 === 0 ? "hang" : "ok");
      s.release();
    }
    s.set("ok");
    s.release();
    const timer = setInterval(() => {
      highest = Math.max(highest, queue.pending);
      s.release();
    }, 2);
    await Promise.all(all);
    clearInterval(timer);
    expect(highest).toBeLessThanOrEqual(10);
    expect(s.batches.flat()).toHaveLength(60);
  });

  it("reserves slots before decoding: acquire waits while full, and an unused ticket gives its slot back", async () => {
    const s = controllableStore();
    s.set("hang");
    const queue = new PersistQueue({
      store: s.store,
      batchSize: 5,
      lingerMs: 0,
      maxPending: 2,
      writeTimeoutMs: 10_000,
      logger,
    });
    const first = await queue.acquire();
    const second = await queue.acquire();
    let thirdGranted = false;
    const third = queue.acquire().then((t) => ((thirdGranted = true), t));
    await new Promise((r) => setTimeout(r, 20));
    expect(thirdGranted).toBe(false);
    queue.release(second); // e.g. the message failed to decode
    const ticket = await third;
    expect(queue.pending).toBe(2);
    const stored = queue.submit(uplink(1), { wait: true, ticket });
    queue.release(ticket); // already used: no effect
    expect(queue.pending).toBe(2);
    queue.release(first);
    s.set("ok");
    s.release();
    await stored;
    await new Promise((r) => setTimeout(r, 0)); // the slot is freed just after the acknowledgement
    expect(queue.pending).toBe(0);
  });
});
