// How telemetry is read, for every reader of it: the REST/tRPC API, the /api/ws protocol and the
// browser. No imports, so the browser-side protocol (@industryos/realtime/protocol) can build on it
// through "@industryos/db/telemetry/contract" without pulling the store into a bundle.

/** How points are combined into buckets: NONE returns the raw points. */
export const AGGREGATIONS = ["NONE", "AVG", "MIN", "MAX", "SUM", "COUNT"] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/**
 * A point as API callers and widgets get it: `ts` in epoch milliseconds and the plain JSON value,
 * as the device sent it (the store keeps `{type, value}`), or an aggregate's number.
 */
export interface PlainPoint {
  ts: number;
  value: unknown;
}
