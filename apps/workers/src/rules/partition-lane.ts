import { setTimeout as sleep } from "node:timers/promises";
import { duplicateRedisClient, type Logger, type RedisClient } from "@industryos/runtime";
import { RULE_ENGINE_GROUP, ruleEngineStream } from "@industryos/device-protocol";
import type { EntryProcessor, StreamEntry } from "./entry-processor.ts";
import { InOrderAcks } from "./in-order-acks.ts";
import type { RuleEngineMetrics } from "./metrics.ts";
import type { RuleEngineSettings } from "./settings.ts";

type RawEntry = [id: string, fields: string[] | null];

/**
 * Work an entry's acknowledgement waits for besides its chains, started with them and allowed to
 * finish behind the lane (the webhook dispatcher recording the entry's deliveries).
 */
export interface EntryRecorder {
  record(entry: StreamEntry): Promise<void>;
}

/** Idle time given to entries this process hands back, so the next owner claims them at once. */
const HAND_BACK_IDLE_MS = 365 * 24 * 3_600_000;

/**
 * One partition, consumed by this process while it holds the partition's lease: strictly one
 * entry at a time, in stream order, each acknowledged only when all its messages finished.
 *
 * 1. Before reading anything, take over what other consumers left pending (XAUTOCLAIM, only
 *    entries idle for `claimIdleMs`): a dead process's entries, or ones a previous owner left
 *    for redelivery. Those are older than anything unread, so they go first; while another
 *    consumer still holds a younger-than-`claimIdleMs` entry, the lane waits rather than overtake it.
 * 2. Read its own pending entries (ID "0" onwards), then new ones (">").
 * 3. An entry whose message still fails retryably after its attempts stays pending: the lane
 *    waits `redeliveryDelayMs` and reads its pending entries again, from that entry, so nothing
 *    younger of the partition runs before it (each such read counts as a delivery in XPENDING).
 * 4. On stop it finishes the entry in hand and hands the rest of its pending entries back
 *    (XCLAIM ... IDLE, JUSTID: no delivery counted), so the next owner claims them at once.
 * 5. With a `recorder`, an entry's recording runs beside its chains and may finish after the lane
 *    went on to the next entries (up to `ackWindow` of them): entries are acknowledged in order as
 *    their recordings finish (in-order-acks.ts); a recording that fails sends the lane back to its
 *    pending entries as in 3.
 */
export class PartitionLane {
  readonly stream: string;
  private stopping = false;
  private readonly finished: Promise<void>;
  private readonly reader: RedisClient;
  private wake: AbortController = new AbortController();
  private readonly acks: InOrderAcks;

  constructor(
    readonly partition: number,
    private readonly redis: RedisClient,
    private readonly settings: RuleEngineSettings,
    private readonly processor: EntryProcessor,
    private readonly metrics: RuleEngineMetrics,
    private readonly logger: Logger,
    private readonly recorder?: EntryRecorder,
  ) {
    this.stream = ruleEngineStream(partition);
    this.acks = new InOrderAcks(redis, this.stream, settings.ackWindow, logger);
    // XREADGROUP BLOCK holds its connection: one of its own per lane.
    this.reader = duplicateRedisClient(redis);
    this.reader.on("error", () => undefined);
    this.finished = this.run();
  }

  /** Finishes the entry in hand, hands back the rest, and resolves once the lane is idle. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake.abort();
    await this.finished;
  }

  private async pause(ms: number) {
    if (this.stopping) return;
    await sleep(ms, undefined, { signal: this.wake.signal }).catch(() => undefined);
  }

  private async run() {
    try {
      await this.claimOthers();
      let cursor = "0";
      while (!this.stopping) {
        if (this.acks.failed) {
          // A recording failed while the lane waited for new entries.
          await this.backToPendingLater();
          cursor = "0";
          continue;
        }
        let entries: StreamEntry[];
        try {
          entries = await this.read(cursor);
        } catch (error) {
          if (this.stopping) break;
          // The stream or its group was deleted (FLUSHDB, a failover to an empty replica): start them again.
          if (String((error as Error).message).includes("NOGROUP")) await this.createGroup();
          this.logger.warn({ err: error, stream: this.stream }, "rule-engine read failed; retrying");
          await this.pause(1_000);
          continue;
        }
        if (cursor !== ">" && entries.length === 0) {
          cursor = ">"; // own pending entries done: new ones now
          continue;
        }
        for (const entry of entries) {
          if (this.stopping) break;
          const outcome = await this.handle(entry);
          if (outcome === "retry-later" || this.acks.failed) {
            // Deliver it (or the entry whose recording failed) again after a while, before anything younger.
            await this.backToPendingLater();
            cursor = "0";
            break;
          }
          if (cursor !== ">") cursor = entry.id;
        }
        // What was read is done (or waits behind the lane for its recording): one XACK for it.
        this.acks.release();
      }
    } catch (error) {
      this.logger.error({ err: error, stream: this.stream }, "rule-engine lane failed");
    } finally {
      await this.acks.flush();
      await this.handBack().catch((error: unknown) =>
        this.logger.warn({ err: error, stream: this.stream }, "pending entries not handed back"),
      );
      this.reader.disconnect();
    }
  }

  /** Acknowledges what finished before the failure, then waits before the pending entries are read again. */
  private async backToPendingLater() {
    await this.acks.flush();
    await this.pause(this.settings.redeliveryDelayMs);
  }

  private async createGroup() {
    await this.redis.xgroup("CREATE", this.stream, RULE_ENGINE_GROUP, "0", "MKSTREAM").catch(() => undefined);
  }

  /** Processes and acknowledges one entry; `retry-later` (or an error) leaves it pending. */
  private async handle(entry: StreamEntry): Promise<"done" | "retry-later"> {
    if (entry.fields.length === 0) {
      // Read again from the pending list after the stream trimmed it: its messages are gone.
      this.logger.error({ stream: this.stream, entryId: entry.id }, "pending entry was trimmed from the stream");
      this.metrics.trimmed(this.partition);
      await this.redis.xack(this.stream, RULE_ENGINE_GROUP, entry.id);
      return "done";
    }
    const recorded = this.recorder?.record(entry);
    recorded?.catch(() => undefined); // awaited below or by the acknowledgements
    try {
      const outcome = await this.processor.process(entry, () => this.stopping);
      if (outcome === "done") await this.acks.add(entry.id, recorded ?? Promise.resolve());
      else await recorded?.catch(() => undefined);
      return outcome;
    } catch (error) {
      // Redis (dead letters, acknowledgement) failed: keep the entry, try again later.
      this.logger.warn({ err: error, stream: this.stream, entryId: entry.id }, "entry not finished; retrying later");
      await recorded?.catch(() => undefined);
      return "retry-later";
    }
  }

  /** Entries after `cursor` from this consumer's pending list (with their delivery counts), or new ones (">"). */
  private async read(cursor: string): Promise<StreamEntry[]> {
    const { consumerName, readCount, blockMs } = this.settings;
    const reply = (
      cursor === ">"
        ? await this.reader.xreadgroup(
            "GROUP",
            RULE_ENGINE_GROUP,
            consumerName,
            "COUNT",
            readCount,
            "BLOCK",
            blockMs,
            "STREAMS",
            this.stream,
            ">",
          )
        : await this.reader.xreadgroup(
            "GROUP",
            RULE_ENGINE_GROUP,
            consumerName,
            "COUNT",
            readCount,
            "STREAMS",
            this.stream,
            cursor,
          )
    ) as [string, RawEntry[]][] | null;
    const raw = reply?.[0]?.[1] ?? [];
    if (raw.length === 0) return [];
    const deliveries = new Map<string, number>();
    if (cursor !== ">") {
      const pending = (await this.redis.xpending(
        this.stream,
        RULE_ENGINE_GROUP,
        raw[0]![0],
        raw.at(-1)![0],
        raw.length,
        consumerName,
      )) as [string, string, number, number][];
      for (const [id, , , count] of pending) deliveries.set(id, Number(count));
    }
    return raw.map(([id, fields]) => ({
      partition: this.partition,
      stream: this.stream,
      id,
      fields: fields ?? [],
      deliveries: deliveries.get(id) ?? 1,
    }));
  }

  /**
   * Takes over other consumers' pending entries of this partition once each has been idle for
   * `claimIdleMs`; returns when none is left (or on stop). Entries the stream trimmed meanwhile
   * are acknowledged (XAUTOCLAIM reports them as deleted).
   */
  private async claimOthers() {
    const { consumerName, claimIdleMs } = this.settings;
    while (!this.stopping) {
      const summary = (await this.redis.xpending(this.stream, RULE_ENGINE_GROUP)) as [
        number,
        string | null,
        string | null,
        [string, string][] | null,
      ];
      const others = (summary[3] ?? []).filter(([name, count]) => name !== consumerName && Number(count) > 0);
      if (others.length === 0) return;
      let start = "0-0";
      do {
        const [next, , deleted] = (await this.redis.xautoclaim(
          this.stream,
          RULE_ENGINE_GROUP,
          consumerName,
          claimIdleMs,
          start,
          "COUNT",
          100,
          "JUSTID",
        )) as [string, string[], string[]?];
        if (deleted && deleted.length > 0) {
          for (const _ of deleted) this.metrics.trimmed(this.partition);
          await this.redis.xack(this.stream, RULE_ENGINE_GROUP, ...deleted);
        }
        start = next;
      } while (start !== "0-0" && !this.stopping);
      const left = (await this.redis.xpending(this.stream, RULE_ENGINE_GROUP)) as [
        number,
        string | null,
        string | null,
        [string, string][] | null,
      ];
      if ((left[3] ?? []).every(([name, count]) => name === consumerName || Number(count) === 0)) return;
      this.logger.info(
        { stream: this.stream, others: left[3] },
        "waiting for other consumers' pending entries to go idle",
      );
      await this.pause(Math.min(Math.max(claimIdleMs / 4, 50), 1_000));
    }
  }

  /** This consumer's pending entries of the partition, made claimable at once by whoever owns it next. */
  private async handBack() {
    const { consumerName } = this.settings;
    let start = "-";
    for (;;) {
      const pending = (await this.redis.xpending(this.stream, RULE_ENGINE_GROUP, start, "+", 1_000, consumerName)) as [
        string,
        string,
        number,
        number,
      ][];
      if (pending.length === 0) return;
      const ids = pending.map(([id]) => id);
      await this.redis.call(
        "XCLAIM",
        this.stream,
        RULE_ENGINE_GROUP,
        consumerName,
        "0",
        ...ids,
        "IDLE",
        String(HAND_BACK_IDLE_MS),
        "JUSTID",
      );
      if (pending.length < 1_000) return;
      start = `(${ids.at(-1)!}`;
    }
  }
}
