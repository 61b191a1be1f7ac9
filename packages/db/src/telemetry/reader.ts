import type { KvValue } from "@industryos/device-protocol";
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

/** A point to store: `ts` in epoch milliseconds, the value typed as devices' values are (device-protocol's `toKvValue`). */
export interface TelemetryWritePoint {
  key: string;
  ts: number;
  value: KvValue;
}

/**
 * Writes of one tenant's telemetry (the caller has checked the entity belongs to it), through
 * the application role: the API's REST telemetry push and range delete. Any entity id works
 * (devices, assets, customers, the tenant): the store keys series by tenant, entity id and key.
 */
export interface TelemetryWriter {
  /** Stores the points (a point already stored is overwritten); resolves after commit with the number stored. */
  write(tenantId: string, entityId: string, points: readonly TelemetryWritePoint[]): Promise<number>;
  /** Deletes the keys' points in [from, to); a latest value in the range falls back to the newest point left. */
  deleteRange(tenantId: string, entityId: string, range: { keys: string[]; from: number; to: number }): Promise<number>;
}

type StoredPoint = { ts: number; value: number | { type: string; value: unknown } };

/** Plain JSON values for API callers: the store keeps `{type, value}`, aggregates are numbers. */
const plain = (p: StoredPoint): PlainPoint => ({ ts: p.ts, value: plainValue(p.value) });

/**
 * The telemetry store as the API uses it: a TelemetryReader, and the TelemetryWriter of one
 * tenant's entities (the realtime server uses only the reads).
 */
export function telemetryReaderFrom(store: TelemetryStore): TelemetryReader & TelemetryWriter {
  return {
    write: (tenantId, entityId, points) =>
      store.writeForTenant(
        tenantId,
        points.map((p) => ({ entityId, key: p.key, ts: p.ts, value: p.value })),
      ),
    deleteRange: (tenantId, entityId, range) => store.deleteRange(tenantId, entityId, range),
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
