import type { Logger, RedisClient } from "@industryos/runtime";
import { RULE_ENGINE_GROUP } from "@industryos/device-protocol";

interface Queued {
  id: string;
  state: "running" | "ok" | "failed";
  settled: Promise<void>;
}

/**
 * Acknowledges one partition's entries in stream order, each once the work that runs behind the
 * lane for it (its webhook deliveries being recorded) has finished, so the lane can go on to the
 * next entry's chains meanwhile instead of waiting for that database write. Entries that finished
 * together go in one XACK, sent when the lane has worked through what it read (`release`) or the
 * window is full: an XACK per entry was a socket write per entry (bench/rules/README.md). When an entry's work fails, nothing from it onwards is acknowledged:
 * `failed` turns true, and the lane calls `flush`, which waits for everything still running, then
 * reads its pending entries again (their chains run again, at least once; the recorded rows are
 * the same ids, so nothing is sent twice).
 */
export class InOrderAcks {
  private readonly queue: Queued[] = [];
  private pumping = false;
  private failure = false;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly redis: RedisClient,
    private readonly stream: string,
    /** Entries waiting for their work before `add` waits for room (the lane's backpressure). */
    private readonly window: number,
    private readonly logger: Logger,
  ) {}

  /** True once an entry's work or an XACK failed: stop taking entries and `flush`. */
  get failed() {
    return this.failure;
  }

  /** Entries not yet acknowledged. */
  get size() {
    return this.queue.length;
  }

  /** Acknowledges `id` after `work` and every entry added before it; waits while the window is full. */
  async add(id: string, work: Promise<void>): Promise<void> {
    const item: Queued = { id, state: "running", settled: Promise.resolve() };
    item.settled = work.then(
      () => void (item.state = "ok"),
      (error: unknown) => {
        item.state = "failed";
        this.logger.warn({ err: error, stream: this.stream, entryId: id }, "entry not finished; retrying later");
      },
    );
    this.queue.push(item);
    if (this.queue.length >= this.window) void this.pump();
    while (this.queue.length >= this.window && !this.failure) await this.nextProgress();
  }

  /** Acknowledges the entries added so far as their work finishes (the lane read all it had). */
  release(): void {
    if (this.queue.length > 0) void this.pump();
  }

  /**
   * Waits until nothing runs; acknowledges what can be. Returns whether every entry was
   * acknowledged; if not, the rest is dropped from here (it stays pending in Redis) and the lane
   * must read its pending entries again.
   */
  async flush(): Promise<boolean> {
    await Promise.all(this.queue.map((item) => item.settled));
    while (this.pumping) await this.nextProgress();
    await this.pump();
    const clean = !this.failure && this.queue.length === 0;
    this.queue.length = 0;
    this.failure = false;
    return clean;
  }

  private nextProgress() {
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && !this.failure) {
        await this.queue[0]!.settled;
        const ids: string[] = [];
        while (this.queue[0]?.state === "ok") ids.push(this.queue.shift()!.id);
        if (ids.length === 0) {
          this.failure = true; // the head failed
          break;
        }
        try {
          await this.redis.xack(this.stream, RULE_ENGINE_GROUP, ...ids);
        } catch (error) {
          // Still pending in Redis: read again later, as after any failure.
          this.logger.warn({ err: error, stream: this.stream }, "entries not acknowledged; retrying later");
          this.failure = true;
        }
        this.wake();
      }
    } finally {
      this.pumping = false;
      this.wake();
    }
  }
}
