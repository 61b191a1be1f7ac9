import type { Redis } from "ioredis";
import { afterAll } from "vitest";
import type { RunningRuleEngine } from "../../src/rules/rule-engine.ts";
import { closeTestDatabase, testRedis } from "./rule-engine.ts";

/**
 * What a rule-engine test file starts, stopped after the file: the `engines` it pushes first, then
 * its Redis connections and whatever it gave `onClose`, in order; last the shared test database.
 */
export function stopAfterFile() {
  const engines: RunningRuleEngine[] = [];
  const closers: (() => unknown)[] = [];
  afterAll(async () => {
    await Promise.all(engines.map((e) => e.stop()));
    for (const close of closers) await close();
    await closeTestDatabase();
  });
  return {
    engines,
    onClose: (close: () => unknown) => void closers.push(close),
    /** A connection to Redis database `index` (one of the file's own), flushed first. */
    redisAt: async (index: number): Promise<Redis> => {
      const redis = await testRedis(index);
      closers.push(() => redis.disconnect());
      return redis;
    },
  };
}
