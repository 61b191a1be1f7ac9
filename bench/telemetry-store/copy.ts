// The bare-COPY side of the benchmark: the same rows in COPY's binary format (the store's own
// encoder for plain PostgreSQL: one row per device message), straight into the telemetry table.
// Rows are encoded on the way, as any writer must; `preEncoded` shows PostgreSQL's part alone.
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import {
  COPY_HEADER_BYTES,
  COPY_TRAILER_BYTES,
  copyMessageRows,
  COPY_MESSAGE_COLUMNS,
  prepareTelemetryBatch,
  type TelemetryRow,
} from "@industryos/db/telemetry";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

export const COPY = `COPY ${COPY_MESSAGE_COLUMNS} FROM STDIN (FORMAT binary)`;

export type Batches = TelemetryRow[][] | { preEncoded: Buffer[] };

/** The devices of ingest-shaped batches: one tenant's, each sending 5 keys from `firstTs` on. */
export interface LaneFixture {
  tenantId: string;
  devices: string[];
  firstTs: number;
}

const KEYS = 5;

/**
 * Batch b of one write lane as bench/ingest fills it: every other device, 1-3 messages each,
 * 10 ms after batch b - 1, 5 keys per message. `shuffled` mixes the messages as they arrive from
 * many connections (the same way every run); otherwise they come device by device.
 */
export function laneBatch({ tenantId, devices, firstTs }: LaneFixture, b: number, shuffled = false): TelemetryRow[] {
  const messages: { device: number; m: number }[] = [];
  for (let d = b % 2; d < devices.length; d += 2) {
    const count = 1 + ((d * 7 + b) % 3 === 0 ? 2 : (d + b) % 2);
    for (let m = 0; m < count; m++) messages.push({ device: d, m });
  }
  if (shuffled) {
    for (let i = messages.length - 1; i > 0; i--) {
      const j = (i * 2_654_435_761 + b) % (i + 1);
      [messages[i], messages[j]] = [messages[j]!, messages[i]!];
    }
  }
  return messages.flatMap(({ device, m }) =>
    Array.from({ length: KEYS }, (_, k) => ({
      tenantId,
      entityId: devices[device]!,
      key: `key_${k}`,
      ts: firstTs + b * 10 + m,
      value: { type: "DOUBLE" as const, value: (b * 31 + k) % 1000 },
    })),
  );
}

/** Series ids by tenant, entity and key (lower-case UUIDs, as a prepared batch spells them). */
export type SeriesIds = Map<string, number>;
export const seriesKey = (tenant: string, entity: string, key: string) => `${tenant}/${entity}/${key}`;

/** The series ids of every row's series, created when new: a writer has them cached, so they are resolved before any clock starts. */
export async function resolveSeriesIds(pool: pg.Pool, batches: TelemetryRow[][]): Promise<SeriesIds> {
  const triples = new Map<string, [string, string, string]>();
  for (const batch of batches) {
    const b = prepareTelemetryBatch(batch);
    for (let i = 0; i < b.count; i++)
      triples.set(seriesKey(b.tenant[i]!, b.entity[i]!, b.keys[i]!), [b.tenant[i]!, b.entity[i]!, b.keys[i]!]);
  }
  const list = [...triples.values()];
  const { rows } = await pool.query<{ ids: string[] }>(
    "SELECT telemetry_series_ids($1::uuid[], $2::uuid[], $3::text[]) AS ids",
    [list.map((t) => t[0]), list.map((t) => t[1]), list.map((t) => t[2])],
  );
  return new Map(list.map((t, i) => [seriesKey(...t), Number(rows[0]!.ids[i])]));
}

/** A batch as the store COPYs it; "arrival" keeps its messages in the order they came. */
export function encode(batch: TelemetryRow[], ids: SeriesIds, order: "sorted" | "arrival" = "sorted"): Buffer {
  const b = prepareTelemetryBatch(batch);
  return copyMessageRows(
    b,
    b.keys.map((k, i) => ids.get(seriesKey(b.tenant[i]!, b.entity[i]!, k))!),
    order,
  );
}

function* encoded(batches: Batches, ids: SeriesIds): Generator<Buffer> {
  if ("preEncoded" in batches) yield* batches.preEncoded;
  else for (const batch of batches) yield encode(batch, ids);
}

export function preEncode(batches: TelemetryRow[][], ids: SeriesIds): { preEncoded: Buffer[] } {
  return { preEncoded: batches.map((batch) => encode(batch, ids)) };
}

/** One COPY of every batch's rows, in one stream. */
export async function copyRows(pool: pg.Pool, batches: Batches, ids: SeriesIds): Promise<void> {
  const client = await pool.connect();
  try {
    const count = "preEncoded" in batches ? batches.preEncoded.length : batches.length;
    // One header and one trailer for the whole stream: the batches' rows in between.
    function* rows() {
      let i = 0;
      for (const data of encoded(batches, ids)) {
        yield data.subarray(
          i === 0 ? 0 : COPY_HEADER_BYTES,
          i === count - 1 ? data.length : data.length - COPY_TRAILER_BYTES,
        );
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
export async function copyRowsCommittedPerBatch(pool: pg.Pool, batches: Batches, ids: SeriesIds): Promise<void> {
  const client = await pool.connect();
  try {
    for (const data of encoded(batches, ids)) {
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
