import type { Aggregation, PlainPoint } from "./contract.ts";
import type { TelemetryStore } from "./store.ts";
import { plainValue } from "./values.ts";

export interface TelemetryHistoryQuery {
  keys: string[];
  from: number;
  to: number;
  agg: Aggregation;
  /** Bucket length in ms (aggregations only; default one minute). */
  intervalMs?: number;
  /** Most points per key. */
  limit: number;
  order: "asc" | "desc";
}

/**
 * Plain-value reads of one tenant's telemetry (the caller has checked the device belongs to it).
 * The API depends on this interface, not on which storage path (TimescaleDB or plain PostgreSQL)
 * the store took; `telemetryReaderFrom(store)` is the implementation.
 */
export interface TelemetryReader {
  latest(tenantId: string, deviceId: string, keys?: string[]): Promise<Record<string, PlainPoint>>;
  history(tenantId: string, deviceId: string, query: TelemetryHistoryQuery): Promise<Record<string, PlainPoint[]>>;
  keys(tenantId: string, deviceId: string): Promise<string[]>;
}

type StoredPoint = { ts: number; value: number | { type: string; value: unknown } };

/** Plain JSON values for API callers: the store keeps `{type, value}`, aggregates are numbers. */
const plain = (p: StoredPoint): PlainPoint => ({ ts: p.ts, value: plainValue(p.value) });

/** The telemetry store as a TelemetryReader. */
export function telemetryReaderFrom(store: TelemetryStore): TelemetryReader {
  return {
    async latest(tenantId, deviceId, keys) {
      const latest = await store.latest(tenantId, deviceId, keys);
      return Object.fromEntries(Object.entries(latest).map(([key, point]) => [key, plain(point)]));
    },
    async history(tenantId, deviceId, q) {
      const order = q.order === "asc" ? "ASC" : "DESC";
      const result =
        q.agg === "NONE"
          ? await store.range(tenantId, deviceId, { keys: q.keys, from: q.from, to: q.to, limit: q.limit, order })
          : await store.aggregate(tenantId, deviceId, {
              keys: q.keys,
              from: q.from,
              to: q.to,
              limit: q.limit,
              order,
              agg: q.agg,
              intervalMs: q.intervalMs ?? 60_000,
            });
      return Object.fromEntries(
        Object.entries(result).map(([key, points]) => [key, (points as StoredPoint[]).map(plain)]),
      );
    },
    keys: (tenantId, deviceId) => store.keys(tenantId, deviceId),
  };
}
