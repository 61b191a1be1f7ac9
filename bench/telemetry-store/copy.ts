// The bare-COPY side of the benchmark: the same rows, straight into the telemetry table.
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import type { TelemetryRow } from "@industryos/db/telemetry";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

// Same line building as the store's (templates around the one value column that is set).
const BOOL = ["", "\t\\N\t\\N\t\\N\t\\N\n"];
const LONG = ["\\N\t", "\t\\N\t\\N\t\\N\n"];
const DOUBLE = ["\\N\t\\N\t", "\t\\N\t\\N\n"];

function line(r: TelemetryRow, keyId: number): string {
  const v = r.value;
  const [before, after] = v.type === "BOOLEAN" ? BOOL : v.type === "LONG" ? LONG : v.type === "DOUBLE" ? DOUBLE : [];
  if (before === undefined) throw new Error("the benchmark writes numbers and booleans only");
  const value = v.type === "BOOLEAN" ? (v.value ? "t" : "f") : String(v.value);
  return `${r.tenantId}\t${r.entityId}\t${keyId}\t${new Date(r.ts as number).toISOString()}\t${before}${value}${after}`;
}

const COPY = "COPY telemetry (tenant_id, entity_id, key_id, ts, bool_v, long_v, dbl_v, str_v, json_v) FROM STDIN";

function batchText(batch: TelemetryRow[], keyIds: Map<string, number>): string {
  let text = "";
  for (const r of batch) text += line(r, keyIds.get(r.key)!);
  return text;
}

/** One COPY of every batch's rows, in one stream. */
export async function copyRows(pool: pg.Pool, batches: TelemetryRow[][], keyIds: Map<string, number>): Promise<void> {
  const client = await pool.connect();
  try {
    const stream = client.query(copyFrom(COPY));
    async function* chunks() {
      for (const batch of batches) yield batchText(batch, keyIds);
    }
    await pipeline(Readable.from(chunks()), stream);
  } finally {
    client.release();
  }
}

/**
 * The same rows with one COPY and COMMIT per batch, as a durable writer must do before it
 * acknowledges a batch: what the store costs beyond the per-batch commit.
 */
export async function copyRowsCommittedPerBatch(pool: pg.Pool, batches: TelemetryRow[][], keyIds: Map<string, number>): Promise<void> {
  const client = await pool.connect();
  try {
    for (const batch of batches) {
      const text = batchText(batch, keyIds);
      await client.query("BEGIN");
      await pipeline(Readable.from([text]), client.query(copyFrom(COPY)));
      await client.query("COMMIT");
    }
  } finally {
    client.release();
  }
}

export async function truncateTelemetry(pool: pg.Pool): Promise<void> {
  await pool.query("TRUNCATE telemetry, telemetry_latest");
  await pool.query("CHECKPOINT").catch(() => {}); // needs superuser; the system role may not
}
