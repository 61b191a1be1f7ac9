// Turns a batch of rows into the column arrays of one SQL call, validating every row first:
// one invalid row rejects the whole batch.
import { BatchValidationError, checkKey, checkUuid, toColumns, toMillis, type BatchIssue, type TsValue } from "./values.ts";

/** One data point. `ts` is milliseconds since the epoch (or a Date). */
export interface TelemetryRow {
  tenantId: string;
  entityId: string;
  key: string;
  ts: number | Date;
  value: TsValue;
}

/** A data point of the tenant given separately. */
export type TenantTelemetryRow = Omit<TelemetryRow, "tenantId">;

export interface TelemetryColumns {
  tenant: string[];
  entity: string[];
  key: string[];
  ts: string[];
  bool: (boolean | null)[];
  long: (string | null)[];
  dbl: (number | null)[];
  str: (string | null)[];
  json: (string | null)[];
  /** Distinct UTC day numbers (ms / 86,400,000) of the batch. */
  days: Set<number>;
}

/**
 * Validates and converts a batch. Points repeated in the batch (same tenant, entity, key and
 * time) keep the last value, as a later write of the same point would.
 */
export function toTelemetryColumns(rows: readonly Partial<TelemetryRow>[], tenantId?: string): TelemetryColumns {
  const issues: BatchIssue[] = [];
  const cols: TelemetryColumns = { tenant: [], entity: [], key: [], ts: [], bool: [], long: [], dbl: [], str: [], json: [], days: new Set() };
  const seen = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const tenant = tenantId ?? row.tenantId;
    const problem = checkUuid(tenant, "tenantId") ?? checkUuid(row.entityId, "entityId") ?? checkKey(row.key);
    if (problem) {
      issues.push({ index: i, message: problem });
      continue;
    }
    const ms = toMillis(row.ts);
    if (typeof ms === "string") {
      issues.push({ index: i, message: ms });
      continue;
    }
    const v = toColumns(row.value, row.key!);
    if (typeof v === "string") {
      issues.push({ index: i, message: v });
      continue;
    }
    if (issues.length > 0) continue; // the batch is lost anyway: just collect the problems
    const id = `${tenant}|${row.entityId}|${ms}|${row.key}`;
    const previous = seen.get(id);
    const at = previous ?? cols.tenant.length;
    if (previous === undefined) seen.set(id, at);
    cols.tenant[at] = tenant as string;
    cols.entity[at] = row.entityId!;
    cols.key[at] = row.key!;
    cols.ts[at] = new Date(ms).toISOString();
    cols.bool[at] = v.bool;
    cols.long[at] = v.long;
    cols.dbl[at] = v.dbl;
    cols.str[at] = v.str;
    cols.json[at] = v.json;
    cols.days.add(Math.floor(ms / 86_400_000));
  }
  if (issues.length > 0) throw new BatchValidationError("telemetry", issues);
  return cols;
}

/** Throws a BatchValidationError when the row is invalid: ingest checks messages one by one with it. */
export function validateTelemetryRow(row: Partial<TelemetryRow>): void {
  toTelemetryColumns([row]);
}
