import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseClients } from "@industryos/db";
import type { StreamEntry } from "../src/rules/entry-processor.ts";
import { startRuleEngine } from "../src/rules/rule-engine.ts";
import {
  append,
  closeTestDatabase,
  FAST_SETTINGS,
  logger,
  pendingEntries,
  telemetry,
  tenantWithChain,
  testDatabase,
  testRedis,
  waitFor,
} from "./support/rule-engine.ts";

// Redis database 43 is this file's.
const REDIS_DB = 43;

let db: DatabaseClients;
let redis: Redis;

beforeAll(async () => {
  db = await testDatabase();
  redis = await testRedis(REDIS_DB);
});
afterAll(async () => {
  redis?.disconnect();
  await closeTestDatabase();
});

// A lease that outlives a busy machine's pauses: a lane stopped on a lost lease waits for its recordings.
const SETTINGS = { ...FAST_SETTINGS, leaseMs: 10_000 };

const CHAIN = {
  nodes: [{ id: "any", type: "filter.script", config: { script: "return true;" } }],
  connections: [{ from: "input", to: "any", relation: "Success" }],
};

/** Three entries of one device (so one partition), appended one by one. */
async function threeEntries() {
  const { tenantId, devices } = await tenantWithChain(db, CHAIN);
  for (let n = 1; n <= 3; n++) await append(redis, [telemetry(tenantId, devices[0]!.id, { n })]);
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** A rule engine whose webhook dispatcher is `record`. */
function engineRecordingWith(record: (entry: StreamEntry) => Promise<void>) {
  return startRuleEngine({ db, redis, logger, allowPrivateNetworks: true, settings: SETTINGS, webhooks: { record } });
}

describe("rule engine: an entry's recording (webhook deliveries) runs behind the lane", () => {
  it("goes on to the next entries while one is being recorded, and acknowledges them in stream order", async () => {
    await redis.flushdb();
    const first = gate();
    const recorded: string[] = [];
    const engine = engineRecordingWith(async (entry) => {
      recorded.push(entry.id);
      if (recorded.length === 1) await first.opened;
    });
    try {
      await threeEntries();
      // All three ran while the first was still being recorded: none acknowledged, the first holds the others.
      await waitFor(async () => recorded.length === 3);
      await new Promise((r) => setTimeout(r, 300));
      expect(await pendingEntries(redis)).toBe(3);
      first.open();
      await waitFor(async () => (await pendingEntries(redis)) === 0);
      expect(recorded).toHaveLength(3);
    } finally {
      await engine.stop();
    }
  });

  it("acknowledges nothing from a failed recording onwards, then reads those entries again and finishes them", async () => {
    await redis.flushdb();
    const calls: { id: string; pendingThen: number }[] = [];
    let failed = false;
    const engine = engineRecordingWith(async (entry) => {
      calls.push({ id: entry.id, pendingThen: await pendingEntries(redis) });
      if (calls.length === 1) {
        // Fails once the lane has gone on to the others (as a database that went away would).
        await waitFor(async () => calls.length === 3);
        failed = true;
        throw new Error("the database system is shutting down");
      }
    });
    try {
      await threeEntries();
      await waitFor(async () => failed && (await pendingEntries(redis)) === 0);
      const ids = [...new Set(calls.map((c) => c.id))];
      expect(ids).toHaveLength(3);
      // The second reading starts at the failed entry, with all three still pending: the later ones
      // were not acknowledged before it.
      const again = calls.slice(3);
      expect(again.map((c) => c.id)).toEqual(ids);
      expect(again[0]!.pendingThen).toBe(3);
    } finally {
      await engine.stop();
    }
  });
});
