import { crossSlotBatch, type RedisClient } from "@industryos/runtime";

interface Call {
  name: string;
  args: unknown[];
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Redis commands issued in one event-loop turn, sent together: one write and one round trip
 * (per cluster node) for all of them, each caller still getting its own reply or error. A fleet
 * reconnecting after a restart authenticates thousands of devices a second, each with a few
 * cache reads and writes; one socket write per command was most of what a CONNECT cost (on a
 * small machine a loopback write is tens of microseconds of kernel time). Commands of one turn
 * run in the order they were issued.
 */
export class RedisTurnBatch {
  private calls: Call[] = [];

  constructor(private readonly redis: RedisClient) {}

  send<T>(name: "get" | "set" | "sadd" | "expire", ...args: unknown[]): Promise<T> {
    if (this.calls.length === 0) setImmediate(() => this.flush());
    return new Promise<T>((resolve, reject) =>
      this.calls.push({ name, args, resolve: resolve as (value: unknown) => void, reject }),
    );
  }

  private flush() {
    const calls = this.calls;
    this.calls = [];
    const batch = crossSlotBatch(this.redis) as unknown as Record<string, (...args: unknown[]) => unknown> & {
      exec(): Promise<[Error | null, unknown][] | null>;
    };
    for (const call of calls) batch[call.name]!(...call.args);
    batch.exec().then(
      (results) =>
        calls.forEach((call, i) => {
          const [error, value] = results?.[i] ?? [new Error("Redis batch aborted"), null];
          if (error) call.reject(error);
          else call.resolve(value);
        }),
      (error: unknown) => calls.forEach((call) => call.reject(error)),
    );
  }
}
