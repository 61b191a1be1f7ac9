import { plainValue, type TelemetryStore } from "@industryos/db/telemetry";
import type { TelemetryPoint, TelemetryReader } from "../../deps.ts";

type StoredPoint = { ts: number; value: number | { type: string; value: unknown } };

/** Plain JSON values for API callers: the store keeps `{type, value}`, aggregates are numbers. */
const plain = (p: StoredPoint): TelemetryPoint => ({ ts: p.ts, value: plainValue(p.value) });

/** Adapts `@industryos/db/telemetry`'s store to what the API reads. */
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
