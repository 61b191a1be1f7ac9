import type { Redis } from "ioredis";
import type pg from "pg";
import { cpuSecondsOfTree, rssBytesOfTree } from "../ingest/proc-stats.ts";
import { scrapeSums } from "../shared/prometheus.ts";
import { streamBacklog } from "./stream-backlog.ts";

const PROCESSED = "industryos_rule_engine_messages_processed_total";
const COMMITTED = "industryos_ingest_messages_committed_total";
const LAG_MESSAGES = "industryos_ingest_rule_engine_lag_messages";

/** One look at the pipeline: counters since the processes started, the backlog now. */
export interface Sample {
  /** Seconds since the sampler started. */
  atS: number;
  /** Messages ingest committed (and then put on the rule-engine streams). */
  committed: number;
  /** Messages that finished their chain in the workers (telemetry and the alarm events the chain causes). */
  processed: number;
  /** Messages appended to the rule-engine streams since the sampler started (telemetry and events). */
  written: number;
  /** Messages (counted) and entries the consumer group has not acknowledged: the backlog. */
  backlogMessages: number;
  backlogEntries: number;
  /** Ingest's own estimate of the backlog in messages (the figure its backpressure uses; from entries). */
  ingestLagEstimate: number | null;
  /** Transactions PostgreSQL committed or rolled back so far, all databases (pg_stat_database: flushed by each backend about once a second). */
  pgTransactions: number;
  /** CPU seconds so far and resident memory of each process tree. */
  ingestCpuS: number;
  workersCpuS: number;
  ingestRssBytes: number;
  workersRssBytes: number;
}

export interface SamplerOptions {
  redis: Redis;
  /** A connection of its own to the benchmark's PostgreSQL. */
  postgres: pg.Client;
  ingestMetricsUrl: string;
  /** One per workers process (their figures are added up). */
  workersMetricsUrls: string[];
  ingestPid: number;
  workersPids: number[];
  intervalMs?: number;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * Samples the rule engine's progress and backlog every `intervalMs` (1 s) from the processes'
 * own /metrics and from Redis (stream-backlog.ts), until stopped. `now()` takes an extra sample
 * (the measured window's edges), after any sample under way.
 */
export function startSampler(options: SamplerOptions) {
  const started = performance.now();
  const samples: Sample[] = [];
  const backlog = streamBacklog(options.redis);
  let busy = false;
  /** Samples one after another: the backlog reading continues where the previous one stopped. */
  let queue: Promise<unknown> = Promise.resolve();
  const take = (): Promise<Sample> => {
    const next = queue.then(read);
    queue = next.catch(() => undefined);
    return next;
  };

  async function read(): Promise<Sample> {
    const atS = (performance.now() - started) / 1000;
    const [workers, ingest, streams, transactions] = await Promise.all([
      Promise.all(options.workersMetricsUrls.map((url) => scrapeSums(url, [PROCESSED]))),
      scrapeSums(options.ingestMetricsUrl, [COMMITTED, LAG_MESSAGES]),
      backlog(),
      options.postgres.query<{ n: string }>("SELECT sum(xact_commit + xact_rollback)::text AS n FROM pg_stat_database"),
    ]);
    return {
      atS,
      committed: ingest[COMMITTED] ?? 0,
      processed: sum(workers.map((w) => w[PROCESSED] ?? 0)),
      written: streams.written,
      backlogMessages: streams.messages,
      backlogEntries: streams.entries,
      ingestLagEstimate: ingest[LAG_MESSAGES] ?? null,
      pgTransactions: Number(transactions.rows[0]!.n),
      ingestCpuS: cpuSecondsOfTree(options.ingestPid),
      workersCpuS: sum(options.workersPids.map(cpuSecondsOfTree)),
      ingestRssBytes: rssBytesOfTree(options.ingestPid),
      workersRssBytes: sum(options.workersPids.map(rssBytesOfTree)),
    };
  }

  const tick = setInterval(() => {
    // A slow scrape (a saturated machine) skips a beat rather than piling up.
    if (busy) return;
    busy = true;
    take()
      .then(
        (sample) => samples.push(sample),
        (error: unknown) => console.warn(`sample failed: ${(error as Error).message}`),
      )
      .finally(() => (busy = false));
  }, options.intervalMs ?? 1_000);

  /** An edge of the window must be read: a scrape that times out on a saturated machine is tried again. */
  async function now(): Promise<Sample> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await take();
      } catch (error) {
        if (attempt >= 5) throw error;
        console.warn(`sample failed (${(error as Error).message}); trying again`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  return {
    samples,
    /** A sample now (not added to `samples`), tried up to 5 times. */
    now,
    stop() {
      clearInterval(tick);
      return samples;
    },
  };
}

export type Sampler = ReturnType<typeof startSampler>;
