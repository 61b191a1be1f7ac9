import { invalidPayload } from "./errors.ts";
import { wholeDoubleKeys } from "./json.ts";

/** The value types ThingsBoard-compatible devices may send (ThingsBoard's DataType). */
export type KvValue =
  | { type: "BOOLEAN"; value: boolean }
  | { type: "LONG"; value: number }
  | { type: "DOUBLE"; value: number }
  | { type: "STRING"; value: string }
  | { type: "JSON"; value: unknown };

export interface KeyValue {
  key: string;
  value: KvValue;
}

export const MAX_KEY_LENGTH = 255;
/** PostgreSQL text cannot hold NUL, so a key or string containing one could never be stored. */
const NUL = "\u0000";

/**
 * Types one JSON value. JSON has one number type, so integers within the safe range are LONG
 * and everything else DOUBLE, except that a whole number the device wrote as a double (`20.0`,
 * `writtenAsDouble`) stays DOUBLE as in ThingsBoard; objects and arrays are kept as JSON.
 * `null` has no type and is refused rather than silently dropped, so a device learns its
 * payload was wrong.
 */
export function toKvValue(key: string, raw: unknown, writtenAsDouble = false): KvValue {
  switch (typeof raw) {
    case "boolean":
      return { type: "BOOLEAN", value: raw };
    case "number":
      if (!Number.isFinite(raw)) throw invalidPayload(`value of "${key}" is not a finite number`);
      return Number.isSafeInteger(raw) && !writtenAsDouble
        ? { type: "LONG", value: raw }
        : { type: "DOUBLE", value: raw };
    case "string":
      if (raw.includes(NUL)) throw invalidPayload(`value of "${key}" contains a NUL character`);
      return { type: "STRING", value: raw };
    case "object":
      if (raw === null) throw invalidPayload(`value of "${key}" is null`);
      if (JSON.stringify(raw).includes("\\u0000")) throw invalidPayload(`value of "${key}" contains a NUL character`);
      return { type: "JSON", value: raw };
    default:
      throw invalidPayload(`value of "${key}" has unsupported type ${typeof raw}`);
  }
}

export function checkKey(key: string): string {
  if (key.length === 0) throw invalidPayload("keys must not be empty");
  if (key.includes(NUL)) throw invalidPayload("keys must not contain a NUL character");
  if (key.length > MAX_KEY_LENGTH)
    throw invalidPayload(`key "${key.slice(0, 32)}..." is longer than ${MAX_KEY_LENGTH} characters`);
  return key;
}

/** Types every entry of a flat `{key: value}` object. */
export function toKeyValues(object: Record<string, unknown>): KeyValue[] {
  const doubles = wholeDoubleKeys(object);
  return Object.entries(object).map(([key, raw]) => ({
    key: checkKey(key),
    value: toKvValue(key, raw, doubles?.has(key)),
  }));
}

/** Back to the plain JSON value a device or dashboard expects. */
export function fromKvValue(value: KvValue): unknown {
  return value.value;
}
