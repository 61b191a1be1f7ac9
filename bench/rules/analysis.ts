import type { Sample } from "./sampler.ts";

/** What the issue asks of the rule engine: keep up with ingest at 10,000 msg/s, lag bounded. */
export const TARGET_MSG_PER_S = 10_000;
/** "Keeps up": the chain finishes at least this share of what reaches the streams over the window. */
export const KEEP_UP_SHARE = 0.98;
/** "Bounded": the backlog never exceeds this many seconds of the offered rate ... */
export const MAX_LAG_SECONDS = 2;
/** ... and does not grow by more than this share of the offered rate per second over the window. */
export const MAX_GROWTH_SHARE = 0.01;

export interface LagRow {
  /** Seconds since the load started (the measured window opens after the warm-up). */
  t: number;
  committedPerS: number;
  /** Messages appended to the streams per second (committed telemetry and the platform's events). */
  writtenPerS: number;
  processedPerS: number;
  backlogMessages: number;
  backlogEntries: number;
  ingestLagEstimate: number | null;
}

/** Per-second rates between consecutive samples, beside each sample's backlog. */
export function lagRows(samples: Sample[], loadStartS: number): LagRow[] {
  return samples.slice(1).map((s, i) => {
    const prev = samples[i]!;
    const dt = s.atS - prev.atS;
    return {
      t: Math.round(s.atS - loadStartS),
      committedPerS: Math.round((s.committed - prev.committed) / dt),
      writtenPerS: Math.round((s.written - prev.written) / dt),
      processedPerS: Math.round((s.processed - prev.processed) / dt),
      backlogMessages: s.backlogMessages,
      backlogEntries: s.backlogEntries,
      ingestLagEstimate: s.ingestLagEstimate,
    };
  });
}

/** Least-squares slope of y over x (0 with fewer than two points). */
function slope(points: { x: number; y: number }[]): number {
  if (points.length < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / points.length;
  const my = points.reduce((s, p) => s + p.y, 0) / points.length;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

export interface WindowFigures {
  committedMsgPerS: number;
  writtenMsgPerS: number;
  processedMsgPerS: number;
  /**
   * Finished ÷ what reached the streams over the window, %: the larger of the messages counted onto
   * them and those ingest committed (each of which goes onto a stream). The count onto the streams
   * alone misses entries acknowledged and trimmed before the sampler reads them, the more the
   * lower the lag (bench/rules/README.md).
   */
  keptUpPercent: number;
  maxLagMessages: number;
  maxBacklogEntries: number;
  /** How fast the backlog grew over the window (messages per second, least squares). */
  lagGrowthMsgPerS: number;
  lagBounded: boolean;
  keptUp: boolean;
  /** CPU over the window, % of one core. */
  ingestCpuPercent: number;
  workersCpuPercent: number;
  /** PostgreSQL transactions per second over the window (ingest's batches, the chain's reads and writes), and per finished message. */
  pgTransactionsPerS: number;
  pgTransactionsPerMessage: number | null;
  /** Workers' CPU per finished message, µs. */
  workersCpuMicrosPerMessage: number | null;
  maxIngestRssMiB: number;
  maxWorkersRssMiB: number;
}

/** The measured window's figures from its edge samples and the samples taken inside it. */
export function windowFigures(start: Sample, end: Sample, inside: Sample[], offeredMsgPerS: number): WindowFigures {
  const seconds = end.atS - start.atS;
  const committed = (end.committed - start.committed) / seconds;
  const written = (end.written - start.written) / seconds;
  const processed = (end.processed - start.processed) / seconds;
  const reached = Math.max(written, committed);
  const all = [start, ...inside, end];
  const lag = all.map((s) => ({ x: s.atS, y: s.backlogMessages }));
  const maxLagMessages = Math.max(...lag.map((p) => p.y));
  const growth = slope(lag);
  const lagBounded = maxLagMessages <= MAX_LAG_SECONDS * offeredMsgPerS && growth <= MAX_GROWTH_SHARE * offeredMsgPerS;
  const workersCpu = (end.workersCpuS - start.workersCpuS) / seconds;
  const pgTransactions = (end.pgTransactions - start.pgTransactions) / seconds;
  return {
    committedMsgPerS: Math.round(committed),
    writtenMsgPerS: Math.round(written),
    processedMsgPerS: Math.round(processed),
    keptUpPercent: reached === 0 ? 0 : Number(((100 * processed) / reached).toFixed(1)),
    maxLagMessages: Math.round(maxLagMessages),
    maxBacklogEntries: Math.max(...all.map((s) => s.backlogEntries)),
    lagGrowthMsgPerS: Math.round(growth),
    lagBounded,
    keptUp: lagBounded && processed >= KEEP_UP_SHARE * reached,
    ingestCpuPercent: Math.round((100 * (end.ingestCpuS - start.ingestCpuS)) / seconds),
    workersCpuPercent: Math.round(100 * workersCpu),
    pgTransactionsPerS: Math.round(pgTransactions),
    pgTransactionsPerMessage: processed === 0 ? null : Number((pgTransactions / processed).toFixed(2)),
    workersCpuMicrosPerMessage: processed === 0 ? null : Number(((workersCpu * 1e6) / processed).toFixed(1)),
    maxIngestRssMiB: Math.round(Math.max(...all.map((s) => s.ingestRssBytes)) / 1048576),
    maxWorkersRssMiB: Math.round(Math.max(...all.map((s) => s.workersRssBytes)) / 1048576),
  };
}

/** The rule engine alone: how fast it worked off the backlog once the load had stopped (ingest idle). */
export interface DrainFigures {
  backlogAtStart: number;
  seconds: number;
  processedMsgPerS: number;
  workersCpuPercent: number;
  workersCpuMicrosPerMessage: number | null;
}

/** Null when there was too little backlog left to time (under a thousand messages). */
export function drainFigures(start: Sample, end: Sample): DrainFigures | null {
  const seconds = end.atS - start.atS;
  if (start.backlogMessages < 1_000 || seconds <= 0) return null;
  const processed = (end.processed - start.processed) / seconds;
  const cpu = (end.workersCpuS - start.workersCpuS) / seconds;
  return {
    backlogAtStart: start.backlogMessages,
    seconds: Number(seconds.toFixed(1)),
    processedMsgPerS: Math.round(processed),
    workersCpuPercent: Math.round(100 * cpu),
    workersCpuMicrosPerMessage: processed === 0 ? null : Number(((cpu * 1e6) / processed).toFixed(1)),
  };
}
