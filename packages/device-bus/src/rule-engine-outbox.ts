import { setTimeout as sleep } from "node:timers/promises";
import type { Redis } from "ioredis";
import type { RuleEngineStreamEntry } from "@industryos/device-protocol";

/** Entries re-sent in one round trip while catching up. */
const DRAIN_CHUNK = 500;

/** One rule-engine stream entry: a batch's messages of one partition (`ruleEngineEntries`). */
export type OutboxEntry = RuleEngineStreamEntry;

/** Where the outbox reports an outage and its end (a pino logger fits). */
export interface OutboxLogger {
  warn(details: object, message: string): void;
}

export interface RuleEngineOutboxOptions {
  /** Messages kept while Redis is unavailable; past this, `append` waits (acknowledgements are held). */
  maxBacklogMessages: number;
  /**
   * Messages each stream keeps, about (older ones are trimmed, so Redis memory stays bounded).
   * An entry holds a batch's messages of one partition: one under light load, hundreds under
   * heavy load, so a cap in entries would bound nothing.
   */
  streamMaxMessages: number;
  logger: OutboxLogger;
}

/**
 * Appends committed messages to the rule-engine streams without losing them when Redis is
 * unavailable: what cannot be written is kept in order, in memory, and written when Redis is
 * back, before anything newer. Devices keep being acknowledged meanwhile (their data is
 * committed in PostgreSQL) until the backlog reaches its bound; then `append` waits, so
 * acknowledgements stop instead of memory growing. The API's outbox does the same for telemetry
 * posted over REST (answered once stored). Delivery is at least once: an entry whose
 * write was cut off may have reached Redis and is written again.
 */
export class RuleEngineOutbox {
  private readonly backlog: OutboxEntry[] = [];
  private backlogMessages = 0;
  private draining = false;
  private closed = false;
  private readonly roomWaiters: (() => void)[] = [];
  /** Messages per entry, a moving average per stream, to turn the cap in messages into MAXLEN. */
  private readonly messagesPerEntry = new Map<string, number>();

  constructor(
    private readonly redis: Redis,
    private readonly options: RuleEngineOutboxOptions,
  ) {}

  /** Messages waiting for Redis (metrics, health). */
  get pendingMessages(): number {
    return this.backlogMessages;
  }

  /** Resolves once the entries are in Redis, or kept in the backlog while it has room. */
  async append(entries: OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // Behind a backlog, new entries queue up: one device's messages stay in order.
    let unsent = entries;
    if (this.backlog.length === 0) {
      const sent = await this.send(entries);
      if (sent.unsent.length === 0) return;
      if (this.backlog.length === 0)
        this.options.logger.warn(
          { err: sent.error },
          "rule-engine stream write failed; keeping messages until Redis is back",
        );
      unsent = sent.unsent;
    }
    for (const e of unsent) {
      this.backlog.push(e);
      this.backlogMessages += e.messages;
    }
    void this.drain();
    while (this.backlogMessages > this.options.maxBacklogMessages && !this.closed) {
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    }
  }

  /** Waits up to `timeoutMs` for the backlog to reach Redis; returns the messages still not written. */
  async close(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.backlog.length > 0 && Date.now() < deadline) await sleep(50);
    this.closed = true;
    for (const wake of this.roomWaiters.splice(0)) wake();
    return this.backlogMessages;
  }

  /**
   * Writes entries in one pipeline and returns those not confirmed: everything from the first
   * failure on (Redis runs a pipeline in order, so what follows a failure is not known to be
   * written). Not connected: all of them, at once, rather than waiting in ioredis' offline queue.
   */
  private async send(entries: OutboxEntry[]): Promise<{ unsent: OutboxEntry[]; error?: unknown }> {
    if (this.redis.status !== "ready") return { unsent: entries, error: new Error(`Redis is ${this.redis.status}`) };
    const pipeline = this.redis.pipeline();
    for (const e of entries) pipeline.xadd(e.stream, "MAXLEN", "~", this.maxEntries(e), "*", "msgs", e.entry);
    try {
      const results = (await pipeline.exec()) ?? [];
      const failed = entries.findIndex((_, i) => !results[i] || results[i]![0]);
      if (failed === -1) return { unsent: [] };
      return { unsent: entries.slice(failed), error: results[failed]?.[0] ?? new Error("no reply from Redis") };
    } catch (error) {
      return { unsent: entries, error };
    }
  }

  /** MAXLEN for the entry's stream: about `streamMaxMessages` messages at its recent entry size. */
  private maxEntries(e: OutboxEntry): number {
    const average = this.messagesPerEntry.get(e.stream);
    const next = average === undefined ? e.messages : average + (e.messages - average) / 16;
    this.messagesPerEntry.set(e.stream, next);
    return Math.max(1, Math.ceil(this.options.streamMaxMessages / Math.max(1, next)));
  }

  private async drain() {
    if (this.draining) return;
    this.draining = true;
    const started = Date.now();
    let delivered = 0;
    let backoff = 100;
    try {
      while (this.backlog.length > 0 && !this.closed) {
        const chunk = this.backlog.slice(0, DRAIN_CHUNK);
        const { unsent } = await this.send(chunk);
        const written = chunk.length - unsent.length;
        if (written > 0) {
          for (const e of this.backlog.splice(0, written)) {
            this.backlogMessages -= e.messages;
            delivered += e.messages;
          }
          this.wakeWaiters();
          backoff = 100;
        }
        if (unsent.length > 0) {
          await sleep(backoff);
          backoff = Math.min(backoff * 2, 2_000);
        }
      }
    } finally {
      this.draining = false;
    }
    if (this.backlog.length === 0)
      this.options.logger.warn(
        { delivered, downMs: Date.now() - started },
        "rule-engine stream writes resumed; kept messages delivered",
      );
  }

  private wakeWaiters() {
    while (this.roomWaiters.length > 0 && this.backlogMessages <= this.options.maxBacklogMessages)
      this.roomWaiters.shift()!();
  }
}
