// The bare-COPY side of the benchmark: the same rows in COPY's binary format (the store's own
// encoder), straight into the telemetry table. Rows are encoded on the way, as any writer must;
// `preEncoded` shows PostgreSQL's part alone.
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { copyBinary, COPY_BINARY_COLUMNS, prepareTelemetryBatch, type TelemetryRow } from "@industryos/db/telemetry";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

const COPY = `COPY ${COPY_BINARY_COLUMNS} FROM STDIN (FORMAT binary)`;
/** Binary COPY data: a 19-byte header, the rows, a 2-byte trailer. */
const HEADER_BYTES = 19;
const TRAILER_BYTES = 2;

export type Batches = TelemetryRow[][] | { preEncoded: Buffer[] };

function encode(batch: TelemetryRow[], keyIds: Map<string, number>): Buffer {
  const prepared = prepareTelemetryBatch(batch);
  return copyBinary(prepared, prepared.keys.map((k) => keyIds.get(k)!));
}

function* encoded(batches: Batches, keyIds: Map<string, number>): Generator<Buffer> {
  if ("preEncoded" in batches) yield* batches.preEncoded;
  else for (const batch of batches) yield encode(batch, keyIds);
}

export function preEncode(batches: TelemetryRow[][], keyIds: Map<string, number>): { preEncoded: Buffer[] } {
  return { preEncoded: batches.map((batch) => encode(batch, keyIds)) };
}

/** One COPY of every batch's rows, in one stream. */
export async function copyRows(pool: pg.Pool, batches: Batches, keyIds: Map<string, number>): Promise<void> {
  const client = await pool.connect();
  try {
    const count = "preEncoded" in batches ? batches.preEncoded.length : batches.length;
    // One header and one trailer for the whole stream: the batches' rows in between.
    function* rows() {
      let i = 0;
      for (const data of encoded(batches, keyIds)) {
        yield data.subarray(i === 0 ? 0 : HEADER_BYTES, i === count - 1 ? data.length : data.length - TRAILER_BYTES);
        i++;
      }
    }
    await pipeline(Readable.from(rows()), client.query(copyFrom(COPY)));
  } finally {
    client.release();
  }
}

/**
 * The same rows with one COPY and COMMIT per batch, as a durable writer must do before it
 * acknowledges a batch: what the store costs beyond the per-batch commit.
 */
export async function copyRowsCommittedPerBatch(pool: pg.Pool, batches: Batches, keyIds: Map<string, number>): Promise<void> {
  const client = await pool.connect();
  try {
    for (const data of encoded(batches, keyIds)) {
      await client.query("BEGIN");
      await pipeline(Readable.from([data]), client.query(copyFrom(COPY)));
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
