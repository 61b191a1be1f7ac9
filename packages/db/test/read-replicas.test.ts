import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createReadReplicas, type ReadReplicas } from "../src/read-replicas.ts";

// How reads are spread over replicas and where they go when one fails, with the test server standing
// in for every replica (apps/web/test/read-replica.test.ts runs against a real streaming standby).

const serverUrl = process.env.DATABASE_URL!;
let primary: pg.Pool;
let unreachableUrl: string;
let replicas: ReadReplicas | undefined;

beforeAll(() => {
  primary = new pg.Pool({ connectionString: serverUrl, max: 2 });
  const url = new URL(serverUrl);
  url.port = "1"; // nothing listens there: connections are refused
  unreachableUrl = url.toString();
});
afterEach(async () => {
  await replicas?.close();
  replicas = undefined;
});
afterAll(() => primary.end());

/** Which replica (index) holds the read while it runs, or "primary". */
async function whereRuns(r: ReadReplicas, sql = "SELECT 1"): Promise<number | "primary"> {
  return r.run(async (pool) => {
    await pool.query(sql);
    if (pool === primary) return "primary";
    return r.status().findIndex((s) => s.inFlight > 0);
  });
}

describe("createReadReplicas", () => {
  it("runs reads on the primary when no replica is configured", async () => {
    replicas = createReadReplicas({ urls: [], primary, poolSize: 2 });
    expect(await whereRuns(replicas)).toBe("primary");
    expect(replicas.status()).toEqual([]);
  });

  it("takes equally idle replicas in turn and avoids the one busy with a long read", async () => {
    replicas = createReadReplicas({ urls: [serverUrl, serverUrl], primary, poolSize: 2 });
    const r = replicas;
    const turns = [await whereRuns(r), await whereRuns(r), await whereRuns(r), await whereRuns(r)];
    expect(turns.sort()).toEqual([0, 0, 1, 1]);

    let release!: () => void;
    let busyIndex = -1;
    const held = r.run(async (pool) => {
      await pool.query("SELECT 1");
      busyIndex = r.status().findIndex((s) => s.inFlight > 0);
      await new Promise<void>((resolve) => (release = resolve));
    });
    while (busyIndex < 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const others: (number | "primary")[] = [];
    for (let i = 0; i < 4; i++)
      others.push(
        await r.run(async (pool) => {
          await pool.query("SELECT 1");
          return r.status().findIndex((s, index) => index !== busyIndex && s.inFlight > 0);
        }),
      );
    expect(others).toEqual([1 - busyIndex, 1 - busyIndex, 1 - busyIndex, 1 - busyIndex]);
    release();
    await held;
  });

  it("repeats a read on another replica, then the primary, when replicas cannot be reached", async () => {
    const events: { host: string; up: boolean }[] = [];
    replicas = createReadReplicas({
      urls: [unreachableUrl, serverUrl],
      primary,
      poolSize: 2,
      onChange: ({ host, up }) => events.push({ host, up }),
    });
    const r = replicas;
    for (let i = 0; i < 4; i++) expect(await whereRuns(r)).toBe(1);
    expect(r.status().map((s) => s.up)).toEqual([false, true]);
    expect(events).toEqual([{ host: new URL(unreachableUrl).host, up: false }]);

    replicas = createReadReplicas({ urls: [unreachableUrl], primary, poolSize: 2, onChange: () => undefined });
    expect(await whereRuns(replicas)).toBe("primary");
  });

  it("leaves a query's own error to the caller instead of repeating it", async () => {
    replicas = createReadReplicas({ urls: [serverUrl], primary, poolSize: 2 });
    let attempts = 0;
    await expect(
      replicas.run(async (pool) => {
        attempts++;
        return pool.query("SELECT * FROM no_such_table");
      }),
    ).rejects.toThrow(/no_such_table/);
    expect(attempts).toBe(1);
    expect(replicas.status()[0]!.up).toBe(true);
  });

  it("repeats a read cancelled by a conflict with recovery on the primary, keeping the replica", async () => {
    replicas = createReadReplicas({ urls: [serverUrl], primary, poolSize: 2 });
    const conflict =
      "DO $$ BEGIN RAISE EXCEPTION 'canceling statement due to conflict with recovery' USING ERRCODE = '40001'; END $$";
    const pools: string[] = [];
    await replicas.run(async (pool) => {
      pools.push(pool === primary ? "primary" : "replica");
      if (pool !== primary) await pool.query(conflict);
    });
    expect(pools).toEqual(["replica", "primary"]);
    expect(replicas.status()[0]!.up).toBe(true);
  });

  it("never runs a replica's lag check twice at once, and stops checking once closed", async () => {
    // Clock under the test's hand: a check held far past the interval, then many intervals passed at once.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
    try {
      let calls = 0;
      let running = 0;
      let mostAtOnce = 0;
      let finish!: () => void;
      const lagChanges: boolean[] = [];
      const r = createReadReplicas({
        urls: [serverUrl],
        primary,
        poolSize: 2,
        maxLagMs: 10_000,
        lagCheckEveryMs: 1_000,
        onLagChange: ({ behind }) => lagChanges.push(behind),
        measureLag: async () => {
          calls++;
          mostAtOnce = Math.max(mostAtOnce, ++running);
          await new Promise<void>((resolve) => (finish = resolve));
          running--;
          return 20_000;
        },
      });
      await vi.advanceTimersByTimeAsync(1_000);
      expect(calls).toBe(1);
      await vi.advanceTimersByTimeAsync(30_000); // the replica still has not answered
      expect(calls).toBe(1);

      finish();
      await vi.advanceTimersByTimeAsync(1_000); // the next check, an interval after the first ended
      expect(calls).toBe(2);
      finish();
      await vi.advanceTimersByTimeAsync(1_000);
      expect(calls).toBe(3);
      expect(mostAtOnce).toBe(1);
      // The checks' answers still count: two in a row over the ceiling pass the replica over.
      expect(r.status()[0]).toMatchObject({ lagMs: 20_000, behind: true });
      expect(lagChanges).toEqual([true]);

      await r.close(); // while the third check runs: it ends, and none follows
      finish();
      await vi.advanceTimersByTimeAsync(30_000);
      expect(calls).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
