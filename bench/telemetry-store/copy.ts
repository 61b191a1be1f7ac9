// The bare-COPY side of the benchmark: the same rows, straight into the telemetry table.
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import type { TelemetryRow } from "@industryos/db/telemetry";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

function line(r: TelemetryRow, keyId: number): string {
  const v = r.value;
  const cols = ["\\N", "\\N", "\\N", "\\N", "\\N"];
  if (v.type === "BOOLEAN") cols[0] = v.value ? "t" : "f";
  else if (v.type === "LONG") cols[1] = String(v.value);
  else if (v.type === "DOUBLE") cols[2] = String(v.value);
  else throw new Error("the benchmark writes numbers and booleans only");
  return `${r.tenantId}\t${r.entityId}\t${keyId}\t${new Date(r.ts as number).toISOString()}\t${cols.join("\t")}\n`;
}

/** One COPY of every batch's rows, in one stream. */
export async function copyRows(pool: pg.Pool, batches: TelemetryRow[][], keyIds: Map<string, number>): Promise<void> {
  const client = await pool.connect();
  try {
    const stream = client.query(copyFrom("COPY telemetry (tenant_id, entity_id, key_id, ts, bool_v, long_v, dbl_v, str_v, json_v) FROM STDIN"));
    async function* chunks() {
      for (const batch of batches) yield batch.map((r) => line(r, keyIds.get(r.key)!)).join("");
    }
    await pipeline(Readable.from(chunks()), stream);
  } finally {
    client.release();
  }
}

export async function truncateTelemetry(pool: pg.Pool): Promise<void> {
  await pool.query("TRUNCATE telemetry, telemetry_latest");
  await pool.query("CHECKPOINT").catch(() => {}); // needs superuser; the system role may not
}
