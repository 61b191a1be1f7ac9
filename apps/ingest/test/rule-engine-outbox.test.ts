import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@industryos/runtime";
import { RuleEngineOutbox, type OutboxEntry } from "@industryos/device-bus";

// Database 19 of the shared test Redis is this file's alone.
let redis: Redis;

beforeAll(async () => {
  redis = new Redis(`${process.env.REDIS_URL}/19`);
  await redis.flushdb();
});

afterAll(() => redis?.disconnect());

function entries(stream: string, count: number, messagesEach: number): OutboxEntry[] {
  return Array.from({ length: count }, (_, i) => ({ stream, entry: Buffer.from(`[${i}]`), messages: messagesEach }));
}

/** Messages a stream holds, all its entries being of `messagesEach` messages. */
async function messagesIn(stream: string, messagesEach: number): Promise<number> {
  return (await redis.xlen(stream)) * messagesEach;
}

describe("rule-engine streams are bounded in messages", () => {
  const outbox = () =>
    new RuleEngineOutbox(redis, {
      maxBacklogMessages: 100_000,
      streamMaxMessages: 2_000,
      logger: createLogger("outbox-test", "warn"),
    });

  it("trims a stream of large entries (a loaded ingest: hundreds of messages per batch) to about the cap", async () => {
    const o = outbox();
    for (let i = 0; i < 30; i++) await o.append(entries("outbox-test:large", 20, 100));
    // 600 entries of 100 messages were written. MAXLEN ~ 20 lets Redis keep up to one more
    // stream node (100 entries) before trimming.
    const kept = await messagesIn("outbox-test:large", 100);
    expect(kept).toBeGreaterThanOrEqual(2_000);
    expect(kept).toBeLessThanOrEqual(2_000 + 100 * 100);
    // The newest entry is always kept.
    const newest = await redis.xrevrange("outbox-test:large", "+", "-", "COUNT", 1);
    expect(newest[0]?.[1]).toEqual(["msgs", "[19]"]);
  });

  it("keeps as many messages when each entry holds one (a quiet ingest)", async () => {
    const o = outbox();
    for (let i = 0; i < 30; i++) await o.append(entries("outbox-test:small", 100, 1));
    // 3,000 single-message entries: about the 2,000 most recent stay.
    const kept = await messagesIn("outbox-test:small", 1);
    expect(kept).toBeGreaterThanOrEqual(2_000);
    expect(kept).toBeLessThan(3_000);
  });
});
