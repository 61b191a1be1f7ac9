import type { AttributeValueColumns } from "@industryos/db";
import { toKvValue, type KvValue } from "@industryos/device-protocol";

/** Typed the way devices type their values (device-protocol's `toKvValue`), one column each. */
export function attributeColumnsFor(
  key: string,
  raw: unknown,
): { kv: KvValue; columns: Partial<Record<keyof AttributeValueColumns, unknown>> } {
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
