// Write-behind of latest values (see prisma/migrations/*_telemetry_latest_write_behind): the
// newest point of every series written by this process waits here, coalesced across batches,
// and is upserted after the points' commit at most once per series per flush. Readers never
// depend on it being current (they also probe the points table), so a flush that fails or a
// process that dies only makes the latest table trail; the next flush catches up.
import type { PreparedBatch } from "./batch.ts";

/** One point of a series, as prepared for SQL. */
export interface SeriesPoint {
  series: number;
  /** Milliseconds since the epoch. */
  ms: number;
  slot: PreparedBatch["slot"][number];
  num: number;
  text: string;
}

export interface LatestWriterOptions {
  /** Upserts one point per series, rows sorted by series id. */
  flush(points: PreparedBatch, seriesIds: number[]): Promise<void>;
  /** How long the newest value of a series may wait before it is written. */
  intervalMs: number;
  /** Series pending at which a flush starts without waiting for the interval. */
  flushAtSeries: number;
  /**
   * Series per statement (default: all): a flush of many series is written in consecutive
   * statements of this many, so no statement grows with the backlog (250,000 series in one
   * would be megabytes of array literals and one long transaction holding their row locks).
   */
  chunkSeries?: number;
  onError(error: unknown): void;
}

/** Row `i` of a prepared batch whose series ids are `seriesIds`. */
export function seriesPoint(b: PreparedBatch, seriesIds: number[], i: number): SeriesPoint {
  return { series: seriesIds[i]!, ms: b.ms[i]!, slot: b.slot[i]!, num: b.num[i]!, text: b.text[i]! };
}

const bySeries = (a: SeriesPoint, b: SeriesPoint) => a.series - b.series;

/**
 * One row per point for the latest-value functions, sorted by series id: every writer of
 * telemetry_latest (registration, flush, telemetry_store_batch) locks its rows in this one order,
 * so concurrent writers cannot deadlock.
 */
export function sortedSeriesBatch(points: SeriesPoint[]): { batch: PreparedBatch; seriesIds: number[] } {
  return seriesBatch(points.sort(bySeries));
}

/** One row per point, in the order given. */
function seriesBatch(points: SeriesPoint[]): { batch: PreparedBatch; seriesIds: number[] } {
  const batch: PreparedBatch = {
    count: points.length,
    tenant: [],
    entity: [],
    keys: [],
    ms: [],
    slot: [],
    num: [],
    text: [],
    latest: [],
    days: new Set(),
  };
  const seriesIds: number[] = [];
  for (const p of points) {
    batch.ms.push(p.ms);
    batch.slot.push(p.slot);
    batch.num.push(p.num);
    batch.text.push(p.text);
    seriesIds.push(p.series);
  }
  return { batch, seriesIds };
}

export function createLatestWriter(options: LatestWriterOptions) {
  // series id -> newest pending point
  let pending = new Map<number, SeriesPoint>();
  let pendingSeries = 0;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let lastError: unknown = null;

  /**
   * Keeps the newer of a point and what is pending for its series, refilling the pending point in
   * place: in the steady state every series already has one, so a batch allocates nothing here.
   * A pending point is never being written (run() takes the map away before writing its points).
   */
  function keepNewest(series: number, ms: number, slot: SeriesPoint["slot"], num: number, text: string) {
    const previous = pending.get(series);
    if (!previous) {
      pending.set(series, { series, ms, slot, num, text });
      pendingSeries++;
    } else if (previous.ms <= ms) {
      previous.ms = ms;
      previous.slot = slot;
      previous.num = num;
      previous.text = text;
    }
  }

  /** Writes `points` (sorted) chunk by chunk; on failure keeps the unwritten ones for the next flush. */
  async function write(points: SeriesPoint[]): Promise<void> {
    const chunk = options.chunkSeries ?? points.length;
    for (let from = 0; from < points.length; from += chunk) {
      const { batch, seriesIds } = seriesBatch(points.slice(from, from + chunk));
      try {
        await options.flush(batch, seriesIds);
      } catch (error) {
        // Keep them for the next flush unless something newer arrived meanwhile.
        for (const p of points.slice(from)) keepNewest(p.series, p.ms, p.slot, p.num, p.text);
        throw error;
      }
    }
  }

  function run(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    const taken = pending;
    pending = new Map();
    pendingSeries = 0;
    const points = [...taken.values()];
    // One order for every chunk: chunks are separate statements, each locking in the shared order.
    points.sort(bySeries);
    const flushing = write(points)
      .then(
        () => {
          lastError = null;
        },
        (error: unknown) => {
          lastError = error;
          options.onError(error);
        },
      )
      .finally(() => {
        running = null;
        schedule();
      });
    running = flushing;
    return flushing;
  }

  function schedule() {
    if (running || pendingSeries === 0) return;
    // After a failure, wait the interval however much is pending: a database that is down must
    // not be retried in a tight loop.
    if (pendingSeries >= options.flushAtSeries && lastError === null) {
      void run();
    } else if (!timer) {
      timer = setTimeout(() => void run(), options.intervalMs);
      timer.unref(); // pending latest values never keep a process alive; readers do not need them
    }
  }

  return {
    /** Queues the newest point of each series of a committed batch (`rows` index into it). */
    add(b: PreparedBatch, seriesIds: number[], rows: number[]) {
      for (const i of rows) keepNewest(seriesIds[i]!, b.ms[i]!, b.slot[i]!, b.num[i]!, b.text[i]!);
      schedule();
    },

    /** Writes everything pending now; rejects with the last error if the final flush failed. */
    async drain(): Promise<void> {
      while (running || pendingSeries > 0) {
        if (running) await running;
        else await run();
        if (lastError && pendingSeries > 0) throw lastError instanceof Error ? lastError : new Error(String(lastError));
      }
    },

    get pendingSeries() {
      return pendingSeries;
    },
  };
}
