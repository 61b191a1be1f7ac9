import { invalidPayload } from "./errors.ts";
import { isPlainObject, wholeDoubleKeys } from "./json.ts";
import { checkKey, toKvValue, type KvValue } from "./values.ts";

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

/** Types the values of one flat object as points at `ts`, appended to `points`. */
function addValues(points: TelemetryPoint[], values: Record<string, unknown>, ts: number) {
  // Object.keys and a loop, not entries/map/flatMap: this runs for every message ingested.
  const doubles = wholeDoubleKeys(values);
  for (const key of Object.keys(values))
    points.push({ ts, key: checkKey(key), value: toKvValue(key, values[key], doubles?.has(key)) });
}

function addEntry(points: TelemetryPoint[], entry: unknown, receivedAt: number) {
  if (!isPlainObject(entry)) throw invalidPayload("telemetry must be a JSON object or an array of objects");
  // `{ts, values}` is the timestamped form; any other object is a flat set of values.
  if ("ts" in entry && "values" in entry) {
    const ts = parseTs(entry.ts, receivedAt);
    if (!isPlainObject(entry.values)) throw invalidPayload('"values" must be a JSON object');
    addValues(points, entry.values, ts);
  } else {
    addValues(points, entry, receivedAt);
  }
}

/**
 * Accepts the three ThingsBoard telemetry forms: a flat object, `{"ts", "values"}`, or an
 * array of either. Points without a timestamp get the server's receive time. A message
 * without values (`{}`) has no points: ThingsBoard accepts it and stores nothing, and its HTTP
 * SDK sends exactly that to test the connection.
 */
export function parseTelemetry(json: unknown, receivedAt: number): TelemetryPoint[] {
  const points: TelemetryPoint[] = [];
  if (Array.isArray(json)) for (const entry of json) addEntry(points, entry, receivedAt);
  else addEntry(points, json, receivedAt);
  return points;
}
