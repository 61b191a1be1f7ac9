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

/** Column arrays for `unnest(...)`: one array per column, so a whole batch is one statement. */
export function kvColumnArrays(values: KvValue[]) {
  return {
    bool: values.map((v) => (v.type === "BOOLEAN" ? v.value : null)),
    long: values.map((v) => (v.type === "LONG" ? String(v.value) : null)),
    double: values.map((v) => (v.type === "DOUBLE" ? v.value : null)),
    string: values.map((v) => (v.type === "STRING" ? v.value : null)),
    json: values.map((v) => (v.type === "JSON" ? JSON.stringify(v.value) : null)),
  };
}
