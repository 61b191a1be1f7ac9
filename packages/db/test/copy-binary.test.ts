// The COPY data of a batch: every row as given, sent in series-id order (PostgreSQL inserts index
// entries in key order with less work), the rows of one series in the order they came.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { copyBinary } from "../src/telemetry/copy-binary.ts";
import { prepareTelemetryBatch, type TelemetryRow } from "../src/telemetry/batch.ts";
import { PipelinedCopy } from "../src/telemetry/pipelined-copy.ts";
import { useTestDatabase } from "./helpers.ts";

const ctx = useTestDatabase();
let client: pg.PoolClient;

const tenantId = "00000000-0000-4000-8000-000000000001";
const device = (n: number) => `00000000-0000-4000-8000-00000000010${n}`;

/** Three devices' messages as they arrive, interleaved: device 2's key `b` is series 30, and so on. */
const arrivals: { row: TelemetryRow; series: number }[] = [
  { row: { tenantId, entityId: device(2), key: "b", ts: 1_000, value: { type: "DOUBLE", value: 1.5 } }, series: 30 },
  { row: { tenantId, entityId: device(1), key: "a", ts: 1_000, value: { type: "STRING", value: "on" } }, series: 10 },
  { row: { tenantId, entityId: device(3), key: "c", ts: 1_000, value: { type: "BOOLEAN", value: true } }, series: 20 },
  { row: { tenantId, entityId: device(2), key: "b", ts: 900, value: { type: "DOUBLE", value: 2.5 } }, series: 30 },
  {
    row: { tenantId, entityId: device(1), key: "a", ts: 1_100, value: { type: "JSON", value: { mode: "auto" } } },
    series: 10,
  },
  { row: { tenantId, entityId: device(3), key: "c", ts: 1_100, value: { type: "LONG", value: 7 } }, series: 20 },
];

/** What the table holds, in the order the rows were inserted (ctid: heap order of one COPY). */
async function copied(seriesOf: (i: number) => number) {
  await client.query("TRUNCATE copy_target");
  const b = prepareTelemetryBatch(arrivals.map((a) => a.row));
  const data = copyBinary(
    b,
    arrivals.map((_, i) => seriesOf(i)),
  );
  await client.query(new PipelinedCopy("COPY copy_target FROM STDIN (FORMAT binary)", data)).done;
  const { rows } = await client.query<{ series_id: string; ms: number; value: unknown }>(
    "SELECT series_id::text, (extract(epoch FROM ts) * 1000)::float8 AS ms, coalesce(to_jsonb(bool_v), to_jsonb(long_v), to_jsonb(dbl_v), to_jsonb(str_v), json_v) AS value FROM copy_target ORDER BY ctid",
  );
  return rows.map((r) => ({ series: r.series_id, ms: r.ms, value: r.value }));
}

describe("copyBinary", () => {
  beforeAll(async () => {
    client = await ctx.clients.systemPool.connect();
    await client.query(
      "CREATE TEMP TABLE copy_target (series_id bigint, ts timestamptz, bool_v boolean, long_v bigint, dbl_v double precision, str_v text, json_v jsonb)",
    );
  });
  afterAll(() => client?.release());

  test("sends the rows by series id, each series' rows in arrival order, with every value intact", async () => {
    expect(await copied((i) => arrivals[i]!.series)).toEqual([
      { series: "10", ms: 1_000, value: "on" },
      { series: "10", ms: 1_100, value: { mode: "auto" } },
      { series: "20", ms: 1_000, value: true },
      { series: "20", ms: 1_100, value: 7 },
      { series: "30", ms: 1_000, value: 1.5 },
      { series: "30", ms: 900, value: 2.5 },
    ]);
  });

  test("orders series ids too large for the packed sort key the same way", async () => {
    const big = 2 ** 40;
    const rows = await copied((i) => big + arrivals[i]!.series);
    expect(rows.map((r) => [Number(r.series) - big, r.ms])).toEqual([
      [10, 1_000],
      [10, 1_100],
      [20, 1_000],
      [20, 1_100],
      [30, 1_000],
      [30, 900],
    ]);
  });
});
