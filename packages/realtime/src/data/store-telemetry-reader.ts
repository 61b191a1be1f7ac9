import { plainValue } from "@industryos/db/telemetry";
import type { Aggregation, TsValue } from "../protocol/index.ts";
import type { TelemetryReader } from "./readers.ts";

/** A stored value as the telemetry store returns it: typed (`{type, value}`) or, for aggregates, a number. */
type StoredValue = { type: string; value: unknown } | number;

/**
 * The part of `@industryos/db/telemetry`'s store this package reads (described structurally so
 * the realtime package does not depend on how the store is built).
 */
export interface TelemetryStoreLike {
  latest(
    tenantId: string,
    entityId: string,
    keys?: string[],
  ): Promise<Record<string, { ts: number; value: StoredValue }>>;
  aggregate(
    tenantId: string,
    entityId: string,
    query: {
      keys: string[];
      from: number;
      to: number;
      limit?: number;
      order?: "ASC" | "DESC";
      agg: Aggregation;
      intervalMs: number;
    },
  ): Promise<Record<string, Array<{ ts: number; value: StoredValue }>>>;
}

/** Widgets get plain JSON values, as devices sent them. */
function plain(point: { ts: number; value: StoredValue }): TsValue {
  return { ts: point.ts, value: plainValue(point.value) };
}

/** The WebSocket server's reader over the telemetry store (history oldest first, newest `limit` kept). */
export function createStoreTelemetryReader(store: TelemetryStoreLike): TelemetryReader {
  return {
    async latest(tenantId, deviceId, keys) {
      const latest = await store.latest(tenantId, deviceId, keys);
      return Object.fromEntries(Object.entries(latest).map(([key, point]) => [key, plain(point)]));
    },
    async history(tenantId, deviceId, query) {
      const rows = await store.aggregate(tenantId, deviceId, {
        keys: query.keys,
        from: query.from,
        to: query.to,
        limit: query.limit,
        // With more points than the limit, a chart wants the newest ones: read newest first, then flip.
        order: "DESC",
        agg: query.agg,
        intervalMs: query.intervalMs ?? 1,
      });
      const ascending = (points: Array<{ ts: number; value: StoredValue }>) =>
        points.map(plain).sort((a, b) => a.ts - b.ts);
      return Object.fromEntries(Object.entries(rows).map(([key, points]) => [key, ascending(points)]));
    },
  };
}
