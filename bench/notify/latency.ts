import { percentile } from "../ingest/load.ts";

/** Latencies in milliseconds, kept as they come; p50/p99 and the count when asked. */
export function latencyRecorder() {
  const values: number[] = [];
  return {
    add(ms: number) {
      if (Number.isFinite(ms)) values.push(ms);
    },
    get count() {
      return values.length;
    },
    summary() {
      const sorted = Float64Array.from(values).sort();
      return {
        count: sorted.length,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        max: sorted.at(-1) ?? NaN,
      };
    },
  };
}
