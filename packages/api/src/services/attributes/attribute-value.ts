import { toKvValue, type KvValue } from "@industryos/device-protocol";

interface AttributeColumns {
  boolValue: boolean | null;
  longValue: bigint | null;
  doubleValue: number | null;
  stringValue: string | null;
  jsonValue: unknown;
}

/** The one value column that is set, as plain JSON (longs beyond 2^53 become strings). */
export function attributeValueOf(row: AttributeColumns): unknown {
  if (row.boolValue !== null) return row.boolValue;
  if (row.longValue !== null) {
    const n = Number(row.longValue);
    return Number.isSafeInteger(n) ? n : row.longValue.toString();
  }
  if (row.doubleValue !== null) return row.doubleValue;
  if (row.stringValue !== null) return row.stringValue;
  return row.jsonValue ?? null;
}

/** Typed the way devices type their values (device-protocol's `toKvValue`), one column each. */
export function attributeColumnsFor(
  key: string,
  raw: unknown,
): { kv: KvValue; columns: Partial<Record<keyof AttributeColumns, unknown>> } {
  const kv = toKvValue(key, raw);
  const empty = { boolValue: null, longValue: null, doubleValue: null, stringValue: null, jsonValue: null };
  switch (kv.type) {
    case "BOOLEAN":
      return { kv, columns: { ...empty, boolValue: kv.value } };
    case "LONG":
      return { kv, columns: { ...empty, longValue: BigInt(kv.value) } };
    case "DOUBLE":
      return { kv, columns: { ...empty, doubleValue: kv.value } };
    case "STRING":
      return { kv, columns: { ...empty, stringValue: kv.value } };
    case "JSON":
      return { kv, columns: { ...empty, jsonValue: kv.value } };
  }
}
