import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@industryos/runtime";
import { RuleEngineOutbox, type OutboxEntry, type StreamKeeping } from "@industryos/device-bus";

// Database 19 of the shared test Redis is this file's alone.
let redis: Redis;
const outboxes: RuleEngineOutbox[] = [];

beforeAll(async () => {
  redis = new Redis(`${process.env.REDIS_URL}/19`);
  await redis.flushdb();
});

afterAll(async () => {
  for (const o of outboxes) await o.close(0);
  redis?.disconnect();
});

const GROUP = "outbox-test-group";

function entries(stream: string, count: number, messagesEach: number): OutboxEntry[] {
  return Array.from({ length: count }, (_, i) => ({ stream, entry: Buffer.from(`[${i}]`), messages: messagesEach }));
}

/** An outbox keeping `streams` only when told (`keep()`), as ingest's does every interval. */
function outbox(streams: string[], keep: Partial<StreamKeeping> = {}) {
  const o = new RuleEngineOutbox(redis, {
    maxBacklogMessages: 100_000,
    streamMaxMessages: 2_000,
    keep: { intervalMs: 3_600_000, maxLagMessages: 1_000_000, streams, group: GROUP, ...keep },
    logger: createLogger("outbox-test", "error"),
  });
  outboxes.push(o);
  return o;
}

/** Reads `count` new entries as a consumer of GROUP would; returns their ids. */
async function deliver(stream: string, count: number): Promise<string[]> {
  const reply = (await redis.xreadgroup("GROUP", GROUP, "c1", "COUNT", count, "STREAMS", stream, ">")) as
    [string, [string, string[]][]][] | null;
  return (reply?.[0]?.[1] ?? []).map(([id]) => id);
}

describe("rule-engine streams without a consumer group (no rule engine ever ran)", () => {
  it("appends without trimming, and keeping trims to about the cap in messages (large entries)", async () => {
    const stream = "outbox-test:large";
    const o = outbox([stream]);
    for (let i = 0; i < 30; i++) await o.append(entries(stream, 20, 100));
    expect(await redis.xlen(stream)).toBe(600);
    await o.keep();
    // 2,000 messages are 20 entries of 100; MAXLEN ~ keeps up to one more stream node (100 entries).
    const kept = (await redis.xlen(stream)) * 100;
    expect(kept).toBeGreaterThanOrEqual(2_000);
    expect(kept).toBeLessThanOrEqual(2_000 + 100 * 100);
    const newest = await redis.xrevrange(stream, "+", "-", "COUNT", 1);
    expect(newest[0]?.[1]).toEqual(["msgs", "[19]"]);
    expect(o.lag).toEqual({ messages: null, backpressure: false });
  });

  it("keeps as many messages when each entry holds one (a quiet ingest)", async () => {
    const stream = "outbox-test:small";
    const o = outbox([stream]);
    for (let i = 0; i < 30; i++) await o.append(entries(stream, 100, 1));
    await o.keep();
    const kept = await redis.xlen(stream);
    expect(kept).toBeGreaterThanOrEqual(2_000);
    expect(kept).toBeLessThan(3_000);
  });
});

describe("rule-engine streams with a consumer group", () => {
  it("trims only entries the group acknowledged, however far past the cap the stream is", async () => {
    const stream = "outbox-test:grouped";
    await redis.xgroup("CREATE", stream, GROUP, "0", "MKSTREAM");
    const o = outbox([stream]);
    for (let i = 0; i < 10; i++) await o.append(entries(stream, 1_000, 1)); // 10,000 messages, cap 2,000
    await o.keep();
    expect(await redis.xlen(stream)).toBe(10_000);
    expect(o.lag.messages).toBe(10_000);

    const delivered = await deliver(stream, 6_000);
    await redis.xack(stream, GROUP, ...delivered.slice(0, 5_000));
    await o.keep();
    // The oldest pending entry (the 5,001st) and everything after it stay; before it, at most the rest of its stream node.
    const first = await redis.xrange(stream, "-", "+", "COUNT", 1);
    expect(await redis.xrange(stream, delivered[5_000]!, delivered[5_000]!)).toHaveLength(1);
    expect(first[0]![0] <= delivered[5_000]!).toBe(true);
    const length = await redis.xlen(stream);
    expect(length).toBeGreaterThanOrEqual(5_000);
    expect(length).toBeLessThanOrEqual(5_100);
    // Unacknowledged: 1,000 pending + 4,000 not delivered.
    expect(o.lag.messages).toBe(5_000);

    // Everything acknowledged: the stream shrinks to its last node.
    const rest = await deliver(stream, 10_000);
    await redis.xack(stream, GROUP, ...delivered.slice(5_000), ...rest);
    await o.keep();
    expect(await redis.xlen(stream)).toBeLessThanOrEqual(100);
    expect(o.lag).toEqual({ messages: 0, backpressure: false });
  });

  it("holds appends while the lag is past the bound, writing their entries at once, until the group catches up", async () => {
    const stream = "outbox-test:lagging";
    await redis.xgroup("CREATE", stream, GROUP, "0", "MKSTREAM");
    const o = outbox([stream], { maxLagMessages: 100 });
    await o.append(entries(stream, 150, 1));
    await o.keep();
    expect(o.lag).toEqual({ messages: 150, backpressure: true });

    let resolved = false;
    const held = o.append(entries(stream, 1, 1)).then(() => (resolved = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(resolved).toBe(false);
    expect(await redis.xlen(stream)).toBe(151); // written, only its acknowledgement waits

    await redis.xack(stream, GROUP, ...(await deliver(stream, 100)));
    await o.keep();
    await held;
    expect(o.lag).toEqual({ messages: 51, backpressure: false });
  });
});
