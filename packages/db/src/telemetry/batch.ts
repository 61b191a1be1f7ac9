// Prepares a batch of rows for one SQL write, validating every row first: one invalid row
// rejects the whole batch. This is ingest's hot path, so values are formatted by hand (array
// literals for the latest values and the fallback path; COPY's binary rows in copy-binary.ts).
import type { KvValue } from "@industryos/device-protocol";
import {
  BatchValidationError,
  checkKey,
  checkUuid,
  MAX_FUTURE_MS,
  toColumns,
  toMillis,
  type BatchIssue,
} from "./values.ts";

/** One data point. `ts` is milliseconds since the epoch (or a Date). */
export interface TelemetryRow {
  tenantId: string;
  entityId: string;
  key: string;
  ts: number | Date;
  value: KvValue;
}

/** A data point of the tenant given separately. */
export type TenantTelemetryRow = Omit<TelemetryRow, "tenantId">;

/** Value column of a prepared row: 0 bool, 1 long, 2 double, 3 string, 4 json. */
type Slot = 0 | 1 | 2 | 3 | 4;

export interface PreparedBatch {
  count: number;
  tenant: string[];
  entity: string[];
  keys: string[];
  /** Timestamps in milliseconds since the epoch. */
  ms: number[];
  slot: Slot[];
  /** The value of a bool (1/0), long or double row as a number (0 for strings and JSON): COPY's binary format writes it as is. */
  num: number[];
  /** The string or the JSON text of a string or JSON row; "" for the others (their value is in `num`). */
  text: string[];
  /** Row indexes holding the newest point of each tenant, entity and key (last one on a tie). */
  latest: number[];
  /** Distinct UTC day numbers (ms / 86,400,000). */
  days: Set<number>;
}

/** Points of one entity (ingest: one device message), written without a row object per point. */
export interface EntityPoints {
  tenantId: string;
  entityId: string;
  points: readonly { key: string; ts: number | Date; value: KvValue }[];
}

export function prepareTelemetryBatch(rows: readonly Partial<TelemetryRow>[], tenantId?: string): PreparedBatch {
  let i = 0;
  return prepare(rows.length, () => rows[i++]!, tenantId);
}

/** The points of every group, in order, as one batch (rows numbered across groups). */
export function prepareTelemetryGroups(groups: readonly EntityPoints[]): PreparedBatch {
  let n = 0;
  for (const g of groups) n += g.points.length;
  // One row object, refilled for each point: prepare copies what it keeps.
  const row: Partial<TelemetryRow> = {};
  let group = 0;
  let point = 0;
  return prepare(n, () => {
    while (point >= groups[group]!.points.length) {
      group++;
      point = 0;
    }
    const g = groups[group]!;
    const p = g.points[point++]!;
    row.tenantId = g.tenantId;
    row.entityId = g.entityId;
    row.key = p.key;
    row.ts = p.ts;
    row.value = p.value;
    return row;
  });
}

/** `next` returns row 0, 1, ... n - 1 in turn (possibly the same object refilled). */
function prepare(n: number, next: () => Partial<TelemetryRow>, tenantId?: string): PreparedBatch {
  const issues: BatchIssue[] = [];
  // Sized once: a valid batch fills every index (an invalid one is thrown away).
  const column = <T>() => new Array<T>(n);
  const b: PreparedBatch = {
    count: n,
    tenant: column(),
    entity: column(),
    keys: column(),
    ms: column(),
    slot: column(),
    num: column(),
    text: column(),
    latest: [],
    days: new Set(),
  };
  // tenant -> entity -> key -> newest row: nested maps of the rows' own strings (V8 caches
  // their hashes) instead of one concatenated key per row.
  const newest = new Map<string, Map<string, Map<string, number>>>();
  const unchecked = Symbol("unchecked"); // never equal to a row's value, undefined included
  let okTenant: unknown = unchecked;
  let okEntity: unknown = unchecked;
  let lastMs = -1;
  let tenant = "";
  let entity = "";
  // The maps of the current row's tenant and entity (rows of one device come together).
  let byEntity: Map<string, Map<string, number>> | undefined;
  let byKey: Map<string, number> | undefined;
  const latestMs = Date.now() + MAX_FUTURE_MS;
  for (let i = 0; i < n; i++) {
    const row = next();
    const t = tenantId ?? row.tenantId;
    // Rows of one device come together: skip re-checking the ids just checked.
    const problem =
      (t === okTenant ? undefined : checkUuid(t, "tenantId")) ??
      (row.entityId === okEntity ? undefined : checkUuid(row.entityId, "entityId")) ??
      checkKey(row.key);
    if (problem) {
      issues.push({ index: i, message: problem });
      continue;
    }
    const ms = toMillis(row.ts, "ts", latestMs);
    if (typeof ms === "string") {
      issues.push({ index: i, message: ms });
      continue;
    }
    const v = row.value;
    // Plain assignments, no [slot, text] tuples: this loop runs for every point ingested.
    let slot: Slot;
    let text = "";
    let num = 0;
    if (v?.type === "DOUBLE" && typeof v.value === "number" && Number.isFinite(v.value)) {
      slot = 2;
      num = v.value;
    } else if (v?.type === "LONG" && Number.isSafeInteger(v.value)) {
      slot = 1;
      num = v.value as number;
    } else if (v?.type === "BOOLEAN" && typeof v.value === "boolean") {
      slot = 0;
      num = v.value ? 1 : 0;
    } else {
      const cols = toColumns(v, row.key!); // strings, JSON and every error: the careful path
      if (typeof cols === "string") {
        issues.push({ index: i, message: cols });
        continue;
      }
      slot = cols.str !== null ? 3 : 4;
      text = cols.str ?? cols.json!;
    }
    if (issues.length > 0) continue; // the batch is lost anyway: only collect problems
    if (t !== okTenant) {
      tenant = (t as string).toLowerCase(); // one spelling per id: series are sorted and looked up by these strings
      byEntity = newest.get(tenant);
      if (!byEntity) newest.set(tenant, (byEntity = new Map()));
      okEntity = unchecked;
    }
    if (row.entityId !== okEntity) {
      entity = row.entityId!.toLowerCase();
      byKey = byEntity!.get(entity);
      if (!byKey) byEntity!.set(entity, (byKey = new Map()));
    }
    okTenant = t;
    okEntity = row.entityId;
    if (ms !== lastMs) {
      lastMs = ms;
      b.days.add(Math.floor(ms / 86_400_000));
    }
    b.tenant[i] = tenant;
    b.entity[i] = entity;
    b.keys[i] = row.key!;
    b.ms[i] = ms;
    b.slot[i] = slot;
    b.num[i] = num;
    b.text[i] = text;
    const previous = byKey!.get(row.key!);
    if (previous === undefined || b.ms[previous]! <= ms) byKey!.set(row.key!, i);
  }
  if (issues.length > 0) throw new BatchValidationError("telemetry", issues);
  for (const byEntity of newest.values())
    for (const byKey of byEntity.values()) for (const i of byKey.values()) b.latest.push(i);
  return b;
}

const quote = (s: string) => `"${s.replace(/[\\"]/g, "\\$&")}"`;

/** Array literals of the rows' timestamps and five value columns (bool, long, double, string, json), all rows by default. */
export function valueParams(b: PreparedBatch, rows?: number[]): string[] {
  const idx = rows ?? allRows(b);
  const col = (f: (i: number) => string) => `{${idx.map(f).join(",")}}`;
  // Numbers are formatted here, not per row ingested (most rows never need their text).
  const value = (slot: Slot) => (i: number) =>
    b.slot[i] !== slot
      ? "NULL"
      : slot >= 3
        ? quote(b.text[i]!)
        : slot === 0
          ? b.num[i]
            ? "t"
            : "f"
          : String(b.num[i]);
  return [
    // Formatted here, not per row ingested: only registrations, flushes and the fallback path need text.
    col((i) => new Date(b.ms[i]!).toISOString()),
    col(value(0)),
    col(value(1)),
    col(value(2)),
    col(value(3)),
    col(value(4)),
  ];
}

/** Parameters of the series functions (telemetry_store_batch, _register_series, _flush_latest): series ids, then valueParams. */
export function seriesParams(b: PreparedBatch, seriesIds: number[], rows?: number[]): string[] {
  const idx = rows ?? allRows(b);
  return [`{${idx.map((i) => seriesIds[i]).join(",")}}`, ...valueParams(b, idx)];
}

const allRows = (b: PreparedBatch) => Array.from({ length: b.count }, (_, i) => i);

/** Throws a BatchValidationError when the row is invalid: ingest checks messages one by one with it. */
export function validateTelemetryRow(row: Partial<TelemetryRow>): void {
  prepareTelemetryBatch([row]);
}
