import { setTimeout as sleep } from "node:timers/promises";
import { crossSlotBatch, type RedisClient } from "@industryos/runtime";
import {
  RULE_ENGINE_GROUP,
  RULE_ENGINE_PARTITIONS,
  ruleEngineStream,
  type RuleEngineStreamEntry,
} from "@industryos/device-protocol";

/** Entries re-sent in one round trip while catching up. */
const DRAIN_CHUNK = 500;

/** One rule-engine stream entry: a batch's messages of one partition (`ruleEngineEntries`). */
export type OutboxEntry = RuleEngineStreamEntry;

/** Where the outbox reports an outage and its end (a pino logger fits). */
export interface OutboxLogger {
  warn(details: object, message: string): void;
}

/**
 * One stream kept, atomically (so a consumer group created meanwhile is never trimmed past):
 * with a consumer group, trims up to the oldest entry some group has not acknowledged (the
 * smallest pending id, or the last delivered one when nothing is pending: entries before it are
 * acknowledged) and returns {1 when `ARGV[1]` is one of the groups, that group's unacknowledged
 * entries (pending + not yet delivered; the stream's length when Redis cannot count the latter)}.
 * Without any group (no rule engine ever ran): trims to about `ARGV[2]` entries, returns {-1, 0}.
 * No stream: {-1, 0}. MINID keeps entries at or after the id; `~` only frees whole stream nodes,
 * so it never removes more than asked.
 */
const KEEP_STREAM = `
local groups = redis.pcall('XINFO', 'GROUPS', KEYS[1])
if type(groups) ~= 'table' or groups.err then return {-1, 0} end
local function before(a, b)
  local am, as = string.match(a, '(%d+)-(%d+)')
  local bm, bs = string.match(b, '(%d+)-(%d+)')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  return am < bm or (am == bm and as < bs)
end
local oldest = nil
local ours = 0
local unacked = 0
for _, g in ipairs(groups) do
  local f = {}
  for i = 1, #g, 2 do f[g[i]] = g[i + 1] end
  local pending = tonumber(f['pending']) or 0
  local first = f['last-delivered-id']
  if pending > 0 then first = redis.call('XPENDING', KEYS[1], f['name'])[2] end
  if oldest == nil or before(first, oldest) then oldest = first end
  if f['name'] == ARGV[1] then
    ours = 1
    local lag = tonumber(f['lag'])
    if lag == nil then unacked = redis.call('XLEN', KEYS[1]) else unacked = pending + lag end
  end
end
if oldest == nil then
  redis.call('XTRIM', KEYS[1], 'MAXLEN', '~', ARGV[2])
  return {-1, 0}
end
redis.call('XTRIM', KEYS[1], 'MINID', '~', oldest)
return {ours, unacked}
`;

/**
 * Trimming and the lag bound (ingest's outbox; the API's and the workers' have none: the
 * workers' must never wait for their own group, and any producer's entries are trimmed by
 * whichever outbox keeps the streams).
 */
export interface StreamKeeping {
  /** How often the streams are trimmed and the group's lag sampled (a few Redis calls per stream). */
  intervalMs: number;
  /**
   * Messages the consumer group may leave unacknowledged, over all streams; past this, `append`
   * waits (acknowledgements are held) until the group catches up. Estimated from entries at the
   * stream's recent messages per entry.
   */
  maxLagMessages: number;
  /** Default: the rule-engine partitions, in `RULE_ENGINE_GROUP`. */
  streams?: string[];
  group?: string;
}

export interface RuleEngineOutboxOptions {
  /** Messages kept while Redis is unavailable; past this, `append` waits (acknowledgements are held). */
  maxBacklogMessages: number;
  /**
   * Messages each stream keeps, about, while it has no consumer group (no rule engine ever ran,
   * so nobody would read them): older ones are trimmed by `keep`. With a group, entries are only
   * trimmed once acknowledged and the lag bound holds the rest. An entry holds a batch's
   * messages of one partition (one under light load, hundreds under heavy load), so the cap is
   * turned into entries at the stream's recent size.
   */
  streamMaxMessages: number;
  /** Trim the streams and bound the group's lag (see StreamKeeping); omitted: neither. */
  keep?: StreamKeeping;
  logger: OutboxLogger;
}

/** The consumer group's lag as the last sample saw it. */
export interface OutboxLag {
  /** Unacknowledged messages over all kept streams (estimated); null before a sample or without a group. */
  messages: number | null;
  /** True while `append` holds acknowledgements because `messages` is past the bound. */
  backpressure: boolean;
}

/**
 * Appends committed messages to the rule-engine streams without losing them when Redis is
 * unavailable: what cannot be written is kept in order, in memory, and written when Redis is
 * back, before anything newer. Devices keep being acknowledged meanwhile (their data is
 * committed in PostgreSQL) until the backlog reaches its bound; then `append` waits, so
 * acknowledgements stop instead of memory growing. The API's outbox does the same for telemetry
 * posted over REST (answered once stored). Delivery is at least once: an entry whose
 * write was cut off may have reached Redis and is written again.
 *
 * Entries are appended without MAXLEN: trimming would drop entries no worker processed. With
 * `keep`, this outbox trims every stream every `intervalMs`, never past the consumer group's
 * oldest unacknowledged entry (one Lua script per stream, see KEEP_STREAM), and samples the
 * group's lag in the same call; while the lag is past `maxLagMessages`, `append` resolves only
 * once it is back under (the entries themselves are written at once): acknowledgements wait, as
 * they do for a full backlog, so devices are slowed instead of the rule engine losing input.
 */
export class RuleEngineOutbox {
  private readonly backlog: OutboxEntry[] = [];
  private backlogMessages = 0;
  private draining = false;
  private closed = false;
  private readonly roomWaiters: (() => void)[] = [];
  /** Messages per entry, a moving average per stream, to turn entries into messages. */
  private readonly messagesPerEntry = new Map<string, number>();
  private readonly entryWindows = new Map<string, { messages: number; entries: number }>();
  private lagMessages: number | null = null;
  private lagging = false;
  private readonly lagWaiters: (() => void)[] = [];
  private keeping: Promise<void> | null = null;
  private readonly keepTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: RedisClient,
    private readonly options: RuleEngineOutboxOptions,
  ) {
    const keep = options.keep;
    if (keep) {
      this.keepTimer = setInterval(() => void this.keep(), keep.intervalMs);
      this.keepTimer.unref();
      void this.keep();
    }
  }

  /** Messages waiting for Redis (metrics, health). */
  get pendingMessages(): number {
    return this.backlogMessages;
  }

  /** The group's lag and whether it holds acknowledgements (metrics). */
  get lag(): OutboxLag {
    return { messages: this.lagMessages, backpressure: this.lagging };
  }

  /**
   * Trims the kept streams and samples the lag now (runs every `keep.intervalMs`; tests call it).
   * A failed round (Redis away) forgets the lag and lifts the backpressure: the lag is unknown
   * then, and the backlog's bound takes over.
   */
  keep(): Promise<void> {
    const keep = this.options.keep;
    if (!keep) return Promise.resolve();
    return (this.keeping ??= this.keepStreams(keep).finally(() => (this.keeping = null)));
  }

  private async keepStreams(keep: StreamKeeping) {
    const streams = keep.streams ?? Array.from({ length: RULE_ENGINE_PARTITIONS }, (_, p) => ruleEngineStream(p));
    const group = keep.group ?? RULE_ENGINE_GROUP;
    let total: number | null = null;
    try {
      if (this.redis.status !== "ready") throw new Error(`Redis is ${this.redis.status}`);
      const pipeline = crossSlotBatch(this.redis); // the partitions lie on several cluster nodes
      for (const stream of streams) {
        const entries = Math.max(1, Math.ceil(this.options.streamMaxMessages / this.averageMessages(stream)));
        pipeline.eval(KEEP_STREAM, 1, stream, group, entries);
      }
      const results = (await pipeline.exec()) ?? [];
      for (const [i, [error, reply]] of results.entries()) {
        if (error) throw error;
        const [ours, unacked] = reply as [number, number];
        if (ours === 1) total = (total ?? 0) + Number(unacked) * this.averageMessages(streams[i]!);
      }
    } catch (error) {
      if (this.lagging) this.options.logger.warn({ err: error }, "rule-engine lag unknown; acknowledgements resume");
      this.setLag(null, false);
      return;
    }
    const over = total !== null && total > keep.maxLagMessages;
    if (over !== this.lagging)
      this.options.logger.warn(
        { lagMessages: Math.round(total ?? 0), maxLagMessages: keep.maxLagMessages },
        over
          ? "rule engine is behind; holding acknowledgements until it catches up"
          : "rule engine caught up; acknowledgements resume",
      );
    this.setLag(total, over);
  }

  private setLag(messages: number | null, over: boolean) {
    this.lagMessages = messages === null ? null : Math.round(messages);
    this.lagging = over;
    if (!over) for (const wake of this.lagWaiters.splice(0)) wake();
  }

  /** Messages per entry of the stream recently (of any stream before this outbox wrote to it). */
  private averageMessages(stream: string): number {
    const own = this.messagesPerEntry.get(stream);
    if (own !== undefined) return Math.max(1, own);
    let sum = 0;
    for (const average of this.messagesPerEntry.values()) sum += average;
    return this.messagesPerEntry.size === 0 ? 1 : Math.max(1, sum / this.messagesPerEntry.size);
  }

  /** Resolves once the group's lag is under the bound (at once when it is, or without `keep`). */
  private async lagRoom() {
    while (this.lagging && !this.closed) await new Promise<void>((resolve) => this.lagWaiters.push(resolve));
  }

  /** Resolves once the entries are in Redis, or kept in the backlog while it has room. */
  async append(entries: OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // Behind a backlog, new entries queue up: one device's messages stay in order.
    let unsent = entries;
    if (this.backlog.length === 0) {
      const sent = await this.send(entries);
      if (sent.unsent.length === 0) return this.lagRoom();
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
    await this.lagRoom();
  }

  /** Waits up to `timeoutMs` for the backlog to reach Redis; returns the messages still not written. */
  async close(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.backlog.length > 0 && Date.now() < deadline) await sleep(50);
    this.closed = true;
    clearInterval(this.keepTimer);
    for (const wake of this.roomWaiters.splice(0)) wake();
    for (const wake of this.lagWaiters.splice(0)) wake();
    return this.backlogMessages;
  }

  /**
   * Writes entries in one pipeline and returns those not confirmed: everything from the first
   * failure on (Redis runs a pipeline in order, so what follows a failure is not known to be
   * written). Not connected: all of them, at once, rather than waiting in ioredis' offline queue.
   */
  private async send(entries: OutboxEntry[]): Promise<{ unsent: OutboxEntry[]; error?: unknown }> {
    if (this.redis.status !== "ready") return { unsent: entries, error: new Error(`Redis is ${this.redis.status}`) };
    // On Redis Cluster the partitions' streams lie on several nodes: a batch, one round trip per node.
    const pipeline = crossSlotBatch(this.redis);
    for (const e of entries) {
      this.countMessages(e);
      pipeline.xadd(e.stream, "*", "msgs", e.entry);
    }
    try {
      const results = (await pipeline.exec()) ?? [];
      const failed = entries.findIndex((_, i) => !results[i] || results[i]![0]);
      if (failed === -1) return { unsent: [] };
      return { unsent: entries.slice(failed), error: results[failed]?.[0] ?? new Error("no reply from Redis") };
    } catch (error) {
      return { unsent: entries, error };
    }
  }

  /**
   * Updates the stream's average of messages per entry: messages over entries of about the last
   * 16 entries, so small entries (a platform event: one message) mixed with large batches neither
   * seed nor drag the average far below what the unacknowledged entries hold.
   */
  private countMessages(e: OutboxEntry) {
    const window = this.entryWindows.get(e.stream) ?? { messages: 0, entries: 0 };
    if (window.entries >= 16) {
      window.messages -= window.messages / window.entries;
      window.entries -= 1;
    }
    window.messages += e.messages;
    window.entries += 1;
    this.entryWindows.set(e.stream, window);
    this.messagesPerEntry.set(e.stream, window.messages / window.entries);
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
