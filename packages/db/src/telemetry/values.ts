// Typed values and batch validation shared by telemetry and attributes.

import type { KvValue } from "@industryos/device-protocol";

/** The value columns of one row, as the SQL functions take them. */
export interface ValueColumns {
  bool: boolean | null;
  long: string | null;
  dbl: number | null;
  str: string | null;
  json: string | null;
}

export const MAX_KEY_LENGTH = 255;
export const MAX_STRING_BYTES = 1_000_000;
/** Points may not be dated more than this into the future (a device clock gone wrong). */
export const MAX_FUTURE_MS = 24 * 3600_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One invalid row of a batch. */
export interface BatchIssue {
  index: number;
  message: string;
}

/** A batch with at least one invalid row; nothing of it was written. */
export class BatchValidationError extends Error {
  readonly issues: BatchIssue[];
  constructor(what: string, issues: BatchIssue[]) {
    const shown = issues.slice(0, 3).map((i) => `row ${i.index}: ${i.message}`);
    const more = issues.length > 3 ? ` (and ${issues.length - 3} more invalid rows)` : "";
    super(`${what} batch rejected, nothing was written: ${shown.join("; ")}${more}`);
    this.name = "BatchValidationError";
    this.issues = issues;
  }
}

// Ingest validates the same few thousand device and tenant ids over and over: a hit here is a
// hash lookup (V8 caches a string's hash) instead of a regular expression match.
const validUuids = new Set<string>();
const VALID_UUIDS_LIMIT = 100_000;

export function checkUuid(value: unknown, field: string): string | undefined {
  if (typeof value !== "string") return `${field} must be a UUID`;
  if (validUuids.has(value)) return undefined;
  if (!UUID.test(value)) return `${field} must be a UUID`;
  if (validUuids.size >= VALID_UUIDS_LIMIT) validUuids.clear();
  validUuids.add(value);
  return undefined;
}

export function checkKey(key: unknown): string | undefined {
  if (typeof key !== "string" || key.length === 0) return "key must be a non-empty string";
  if (key.length > MAX_KEY_LENGTH) return `key "${key.slice(0, 32)}..." is longer than ${MAX_KEY_LENGTH} characters`;
  if (key.includes("\u0000")) return "key contains a NUL character";
  return undefined;
}

/**
 * Milliseconds since the epoch from a number or Date, or an error message. `latestMs` is the
 * newest time accepted, by default a day from now (a batch computes it once for all its rows).
 */
export function toMillis(ts: unknown, field = "ts", latestMs = Date.now() + MAX_FUTURE_MS): number | string {
  const ms = ts instanceof Date ? ts.getTime() : ts;
  if (typeof ms !== "number" || !Number.isSafeInteger(ms) || ms < 0)
    return `${field} must be a non-negative integer of milliseconds`;
  if (ms > latestMs) return `${field} ${new Date(ms).toISOString()} is more than a day in the future`;
  return ms;
}

/** The value columns for `value`, or an error message. Exactly one column is set. */
export function toColumns(value: unknown, key: string): ValueColumns | string {
  const v = value as KvValue | undefined;
  const cols: ValueColumns = { bool: null, long: null, dbl: null, str: null, json: null };
  switch (v?.type) {
    case "BOOLEAN":
      if (typeof v.value !== "boolean") return `value of "${key}" must be a boolean`;
      cols.bool = v.value;
      return cols;
    case "LONG":
      if (!Number.isSafeInteger(v.value)) return `value of "${key}" must be a safe integer`;
      cols.long = String(v.value);
      return cols;
    case "DOUBLE":
      if (typeof v.value !== "number" || !Number.isFinite(v.value)) return `value of "${key}" must be a finite number`;
      cols.dbl = v.value;
      return cols;
    case "STRING":
      if (typeof v.value !== "string") return `value of "${key}" must be a string`;
      if (v.value.includes("\u0000")) return `value of "${key}" contains a NUL character`;
      if (v.value.length > MAX_STRING_BYTES) return `value of "${key}" is longer than ${MAX_STRING_BYTES} characters`;
      cols.str = v.value;
      return cols;
    case "JSON": {
      let json: string | undefined;
      try {
        json = JSON.stringify(v.value);
      } catch {
        return `value of "${key}" cannot be serialised as JSON`;
      }
      if (json === undefined || v.value === null) return `value of "${key}" must be a JSON object, array or scalar`;
      if (json.includes("\\u0000")) return `value of "${key}" contains a NUL character`;
      if (json.length > MAX_STRING_BYTES) return `value of "${key}" is larger than ${MAX_STRING_BYTES} characters`;
      cols.json = json;
      return cols;
    }
    default:
      return `value of "${key}" must be {type: BOOLEAN|LONG|DOUBLE|STRING|JSON, value}`;
  }
}

/**
 * A point's value as API and dashboard callers want it, as the device sent it: the value of a
 * typed point (`{type, value}`), or an aggregate's number as it is.
 */
export function plainValue(value: { value: unknown } | number): unknown {
  return typeof value === "number" ? value : value.value;
}

/** The typed value stored in a row's value columns. */
export function fromColumns(row: {
  bool_v?: unknown;
  long_v?: unknown;
  dbl_v?: unknown;
  str_v?: unknown;
  json_v?: unknown;
}): KvValue {
  if (row.bool_v !== null && row.bool_v !== undefined) return { type: "BOOLEAN", value: Boolean(row.bool_v) };
  if (row.long_v !== null && row.long_v !== undefined) return { type: "LONG", value: Number(row.long_v) };
  if (row.dbl_v !== null && row.dbl_v !== undefined) return { type: "DOUBLE", value: Number(row.dbl_v) };
  if (row.str_v !== null && row.str_v !== undefined) return { type: "STRING", value: String(row.str_v) };
  return { type: "JSON", value: typeof row.json_v === "string" ? JSON.parse(row.json_v) : row.json_v };
}

/** A timestamp column (Date from pg/PGlite, or a string) as milliseconds. */
export function millisOf(value: unknown): number {
  return value instanceof Date ? value.getTime() : new Date(String(value)).getTime();
}
