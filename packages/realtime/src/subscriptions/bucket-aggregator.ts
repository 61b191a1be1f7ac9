import type { Aggregation, EntityData, PlainPoint } from "../protocol/index.ts";

interface Bucket {
  start: number;
  count: number;
  sum: number;
  min: number;
  max: number;
}

/**
 * Keeps the aggregate of the current time bucket per entity and key, so an aggregated chart
 * receives the bucket's updated value (AVG/MIN/MAX/SUM/COUNT) rather than raw points. Buckets
 * are aligned on `origin` (a bucket start the store returned), so live buckets line up with
 * the history the store computed.
 */
export class BucketAggregator {
  private readonly buckets = new Map<string, Map<string, Bucket>>();
  private readonly touched = new Set<Bucket>();
  private touchedKeys = new Map<string, Set<string>>();
  private folded = 0;

  constructor(
    private readonly agg: Exclude<Aggregation, "NONE">,
    private readonly intervalMs: number,
    private readonly origin = 0,
  ) {}

  bucketStart(ts: number): number {
    return this.origin + Math.floor((ts - this.origin) / this.intervalMs) * this.intervalMs;
  }

  /** Folds one numeric point in; returns false for a non-number or a point before the current bucket. */
  add(entityId: string, key: string, ts: number, value: unknown, quiet = false): boolean {
    const numeric = typeof value === "number" ? value : typeof value === "boolean" ? Number(value) : Number.NaN;
    if (!Number.isFinite(numeric)) return false;
    const start = this.bucketStart(ts);
    let byKey = this.buckets.get(entityId);
    if (!byKey) this.buckets.set(entityId, (byKey = new Map()));
    let bucket = byKey.get(key);
    if (bucket && start < bucket.start) return false;
    if (!bucket || start > bucket.start) {
      bucket = { start, count: 0, sum: 0, min: numeric, max: numeric };
      byKey.set(key, bucket);
    }
    bucket.count++;
    bucket.sum += numeric;
    bucket.min = Math.min(bucket.min, numeric);
    bucket.max = Math.max(bucket.max, numeric);
    if (quiet) return true;
    if (this.touched.has(bucket)) this.folded++;
    this.touched.add(bucket);
    let keys = this.touchedKeys.get(entityId);
    if (!keys) this.touchedKeys.set(entityId, (keys = new Set()));
    keys.add(key);
    return true;
  }

  get isEmpty(): boolean {
    return this.touched.size === 0;
  }

  /** The current value of every bucket that changed since the last call. */
  take(): { data: EntityData; merged: number } | null {
    if (this.touched.size === 0) return null;
    const data: EntityData = {};
    for (const [entityId, keys] of this.touchedKeys) {
      const out: Record<string, PlainPoint[]> = {};
      for (const key of keys) {
        const bucket = this.buckets.get(entityId)?.get(key);
        if (bucket) out[key] = [{ ts: bucket.start, value: this.valueOf(bucket) }];
      }
      data[entityId] = out;
    }
    const merged = this.folded;
    this.touched.clear();
    this.touchedKeys = new Map();
    this.folded = 0;
    return { data, merged };
  }

  private valueOf(b: Bucket): number {
    switch (this.agg) {
      case "AVG":
        return b.sum / b.count;
      case "MIN":
        return b.min;
      case "MAX":
        return b.max;
      case "SUM":
        return b.sum;
      case "COUNT":
        return b.count;
    }
  }
}
