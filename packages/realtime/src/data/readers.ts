import type { Aggregation, AttributeScopeName, TsValue } from "../protocol/index.ts";

export interface HistoryQuery {
  keys: string[];
  from: number;
  to: number;
  agg: Aggregation;
  /** Bucket length in ms (aggregations only). */
  intervalMs?: number;
  /** Most points per key. */
  limit: number;
  /** Always "asc" from this package; present so the web API's reader fits as is. */
  order?: "asc" | "desc";
}

/** What the WebSocket server reads from the telemetry store (oldest point first in every list). */
export interface TelemetryReader {
  latest(tenantId: string, deviceId: string, keys?: string[]): Promise<Record<string, TsValue>>;
  history(tenantId: string, deviceId: string, query: HistoryQuery): Promise<Record<string, TsValue[]>>;
}

export interface AttributeValue {
  key: string;
  value: unknown;
  lastUpdateTs: number;
}

export interface AttributeReader {
  read(tenantId: string, deviceId: string, scope: AttributeScopeName, keys?: string[]): Promise<AttributeValue[]>;
}
