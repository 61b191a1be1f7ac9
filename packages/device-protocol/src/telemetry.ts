import { invalidPayload } from "./errors.ts";
import { isPlainObject } from "./json.ts";
import { toKeyValues, type KvValue } from "./values.ts";

export interface TelemetryPoint {
  ts: number;
  key: string;
  value: KvValue;
}

/** A device clock more than a day ahead is wrong; the store refuses such points too. */
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

function parseTs(raw: unknown, receivedAt: number): number {
  const ts = typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof ts !== "number" || !Number.isSafeInteger(ts) || ts < 0) {
    throw invalidPayload('"ts" must be a non-negative integer of milliseconds since the epoch');
  }
  if (ts > receivedAt + MAX_FUTURE_MS) throw invalidPayload(`"ts" ${ts} is more than a day in the future`);
  return ts;
}

function parseEntry(entry: unknown, receivedAt: number): TelemetryPoint[] {
  if (!isPlainObject(entry)) throw invalidPayload("telemetry must be a JSON object or an array of objects");
  // `{ts, values}` is the timestamped form; any other object is a flat set of values.
  if ("ts" in entry && "values" in entry) {
    const ts = parseTs(entry.ts, receivedAt);
    if (!isPlainObject(entry.values)) throw invalidPayload('"values" must be a JSON object');
    return toKeyValues(entry.values).map(({ key, value }) => ({ ts, key, value }));
  }
  return toKeyValues(entry).map(({ key, value }) => ({ ts: receivedAt, key, value }));
}

/**
 * Accepts the three ThingsBoard telemetry forms: a flat object, `{"ts", "values"}`, or an
 * array of either. Points without a timestamp get the server's receive time.
 */
export function parseTelemetry(json: unknown, receivedAt: number): TelemetryPoint[] {
  const entries = Array.isArray(json) ? json : [json];
  const points = entries.flatMap((entry) => parseEntry(entry, receivedAt));
  if (points.length === 0) throw invalidPayload("telemetry contains no values");
  return points;
}
