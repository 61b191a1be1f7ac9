// The COPY data of a batch on plain PostgreSQL: one row per device and timestamp, however its
// points arrived, with every value of every type intact; a point repeated in the batch sent once
// (the last); rows sent by their first series id, one device's together.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { copyMessageRows } from "../src/telemetry/copy-message-rows.ts";
import { prepareTelemetryBatch, type TelemetryRow } from "../src/telemetry/batch.ts";
import { PipelinedCopy } from "../src/telemetry/pipelined-copy.ts";
import { useTestDatabase } from "./helpers.ts";

const ctx = useTestDatabase();
let client: pg.PoolClient;

const tenantId = "00000000-0000-4000-8000-000000000001";
const device = (n: number) => `00000000-0000-4000-8000-00000000010${n}`;
const row = (entity: number, key: string, ts: number, value: TelemetryRow["value"]): TelemetryRow => ({
  tenantId,
  entityId: device(entity),
  key,
  ts,
  value,
});
/** Series ids: device n's key k is n * 10 + the key's letter index (device 2's "b" is 21). */
const seriesOf = (r: TelemetryRow) => Number(r.entityId.at(-1)) * 10 + r.key.charCodeAt(0) - 97;

/** Device 2's message at 1,000 comes in two parts with device 1's between them, and repeats "a". */
const arrivals: TelemetryRow[] = [
  row(2, "a", 1_000, { type: "DOUBLE", value: 1.5 }),
  row(2, "b", 1_000, { type: "STRING", value: 'on, "quoted"' }),
  row(1, "a", 1_000, { type: "BOOLEAN", value: true }),
  row(1, "b", 1_000, { type: "LONG", value: -9_007_199_254_740_991 }),
  row(2, "c", 1_000, { type: "JSON", value: { mode: "auto", list: [1, null] } }),
  row(2, "a", 1_000, { type: "LONG", value: 7 }),
  row(1, "a", 1_100, { type: "DOUBLE", value: 2.5 }),
];

async function copied() {
  await client.query("TRUNCATE copy_target");
  const b = prepareTelemetryBatch(arrivals);
  await client.query(
    new PipelinedCopy("COPY copy_target FROM STDIN (FORMAT binary)", copyMessageRows(b, arrivals.map(seriesOf))),
  ).done;
  const { rows } = await client.query<Record<string, unknown>>(
    `SELECT entity_id::text AS entity, (extract(epoch FROM ts) * 1000)::float8 AS ms, series_ids::text AS ids,
            to_jsonb(bool_v) AS bool_v, to_jsonb(long_v) AS long_v, to_jsonb(dbl_v) AS dbl_v, to_jsonb(str_v) AS str_v, to_jsonb(json_v) AS json_v
       FROM copy_target ORDER BY ctid`,
  );
  return rows;
}

describe("copyMessageRows", () => {
  beforeAll(async () => {
    client = await ctx.clients.systemPool.connect();
    await client.query(
      "CREATE TEMP TABLE copy_target (entity_id uuid, ts timestamptz, series_ids bigint[], bool_v boolean[], long_v bigint[], dbl_v double precision[], str_v text[], json_v jsonb[])",
    );
  });
  afterAll(() => client?.release());

  test("one row per device and timestamp, by first series id, each type in its array and NULL elsewhere", async () => {
    expect(await copied()).toEqual([
      {
        entity: device(1),
        ms: 1_000,
        ids: "{10,11}",
        bool_v: [true, null],
        long_v: [null, -9_007_199_254_740_991],
        dbl_v: null,
        str_v: null,
        json_v: null,
      },
      {
        entity: device(1),
        ms: 1_100,
        ids: "{10}",
        bool_v: null,
        long_v: null,
        dbl_v: [2.5],
        str_v: null,
        json_v: null,
      },
      // "a" twice: the last value (LONG 7) is kept, at its own position.
      {
        entity: device(2),
        ms: 1_000,
        ids: "{21,22,20}",
        bool_v: null,
        long_v: [null, null, 7],
        dbl_v: null,
        str_v: ['on, "quoted"', null, null],
        json_v: [null, { mode: "auto", list: [1, null] }, null],
      },
    ]);
  });
});
