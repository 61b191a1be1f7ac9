import type { PlainPoint, TelemetryHistoryQuery, TelemetryReader } from "@industryos/db/telemetry";
import type { AttributeScopeName } from "../protocol/index.ts";

/** A chart's history: no order to choose, a chart always gets the newest points oldest first. */
export type ChartHistoryQuery = Omit<TelemetryHistoryQuery, "order">;

/**
 * What the WebSocket server reads from the telemetry store: the latest values as the API's
 * TelemetryReader (`@industryos/db/telemetry`) reads them, and history for charts, which is the
 * newest `limit` points (or buckets) of each key, oldest first in every list.
 */
export interface ChartTelemetryReader {
  latest: TelemetryReader["latest"];
  history(tenantId: string, deviceId: string, query: ChartHistoryQuery): Promise<Record<string, PlainPoint[]>>;
}

/** An attribute as widgets get it: the plain JSON value (db's AttributeValue keeps `{type, value}` and the scope). */
export interface PlainAttribute {
  key: string;
  value: unknown;
  lastUpdateTs: number;
}

export interface AttributeReader {
  read(tenantId: string, deviceId: string, scope: AttributeScopeName, keys?: string[]): Promise<PlainAttribute[]>;
}
