import type { KvValue } from "@industryos/device-protocol";

/** The typed value columns shared by Attribute and the telemetry tables (ThingsBoard's layout). */
export interface KvColumns {
  boolValue: boolean | null;
  longValue: bigint | number | string | null;
  doubleValue: number | null;
  stringValue: string | null;
  jsonValue: unknown;
}

export function fromKvColumns(row: KvColumns): KvValue {
  if (row.boolValue !== null) return { type: "BOOLEAN", value: row.boolValue };
  if (row.longValue !== null) return { type: "LONG", value: Number(row.longValue) };
  if (row.doubleValue !== null) return { type: "DOUBLE", value: row.doubleValue };
  if (row.stringValue !== null) return { type: "STRING", value: row.stringValue };
  return { type: "JSON", value: row.jsonValue ?? null };
}
