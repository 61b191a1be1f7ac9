import type { Redis } from "ioredis";
import { cpuSecondsOfTree, rssBytesOfTree } from "../ingest/proc-stats.ts";
import { scrapeSums } from "../shared/prometheus.ts";
import { ruleEngineBacklog } from "../shared/rule-engine-backlog.ts";

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
  /** Stream entries no consumer has read yet, and entries read but not acknowledged (XINFO GROUPS). */
  lagEntries: number;
  pendingEntries: number;
  /** Ingest's estimate of the messages the group has not acknowledged (the figure its backpressure uses; sampled each second). */
  lagMessages: number | null;
  /** CPU seconds so far and resident memory of each process tree. */
  ingestCpuS: number;
  workersCpuS: number;
  ingestRssBytes: number;
  workersRssBytes: number;
}

export interface SamplerOptions {
  redis: Redis;
  ingestMetricsUrl: string;
  workersMetricsUrl: string;
  ingestPid: number;
  workersPid: number;
  intervalMs?: number;
}

/**
 * Samples the rule engine's progress and backlog every `intervalMs` (1 s) from the processes'
 * own /metrics and from Redis, until stopped. `now()` takes an extra sample at once (the
 * measured window's edges).
 */
export function startSampler(options: SamplerOptions) {
  const started = performance.now();
  const samples: Sample[] = [];
  let last: Promise<Sample> | null = null;

  async function take(): Promise<Sample> {
    const atS = (performance.now() - started) / 1000;
    const [workers, ingest, backlog] = await Promise.all([
      scrapeSums(options.workersMetricsUrl, [PROCESSED]),
      scrapeSums(options.ingestMetricsUrl, [COMMITTED, LAG_MESSAGES]),
      ruleEngineBacklog(options.redis),
    ]);
    return {
      atS,
      committed: ingest[COMMITTED] ?? 0,
      processed: workers[PROCESSED] ?? 0,
      lagEntries: backlog.lag,
      pendingEntries: backlog.pending,
      lagMessages: ingest[LAG_MESSAGES] ?? null,
      ingestCpuS: cpuSecondsOfTree(options.ingestPid),
      workersCpuS: cpuSecondsOfTree(options.workersPid),
      ingestRssBytes: rssBytesOfTree(options.ingestPid),
      workersRssBytes: rssBytesOfTree(options.workersPid),
    };
  }

  const tick = setInterval(() => {
    // A slow scrape (a saturated machine) skips a beat rather than piling up.
    if (last) return;
    last = take();
    void last.then(
      (sample) => samples.push(sample),
      (error: unknown) => console.warn(`sample failed: ${(error as Error).message}`),
    );
    void last.finally(() => (last = null)).catch(() => undefined);
  }, options.intervalMs ?? 1_000);

  return {
    samples,
    /** A sample now (not added to `samples`). */
    now: take,
    stop() {
      clearInterval(tick);
      return samples;
    },
  };
}

export type Sampler = ReturnType<typeof startSampler>;
