/** An Attribute row's typed value columns (ThingsBoard's layout): one of them is set. */
export interface AttributeValueColumns {
  boolValue: boolean | null;
  longValue: bigint | null;
  doubleValue: number | null;
  stringValue: string | null;
  jsonValue: unknown;
}

/** The one value column that is set, as plain JSON (longs beyond 2^53 become strings). */
export function attributeValueOf(row: AttributeValueColumns): unknown {
  if (row.boolValue !== null) return row.boolValue;
  if (row.longValue !== null) {
    const n = Number(row.longValue);
    return Number.isSafeInteger(n) ? n : row.longValue.toString();
  }
  if (row.doubleValue !== null) return row.doubleValue;
  if (row.stringValue !== null) return row.stringValue;
  return row.jsonValue ?? null;
}
