// What one 5-key device message costs PostgreSQL in the narrow layout (one row and one unique
// index entry per point, keyed by series: what the store keeps on TimescaleDB, and used on plain
// PostgreSQL before 20261126150000_telemetry_message_rows) against a wide one (one row per
// message, its values in arrays, one index entry: the store's plain-PostgreSQL layout, here
// reduced to doubles). The figure that decided the plain-PostgreSQL layout.
//
//   npx tsx bench/telemetry-store/row-layout.ts [--batches 300] [--pairs 2]
//
// Starts its own PostgreSQL (fsync and full-page writes on, as in production) under
// .data/bench. Both layouts are filled the same way: INSERT ... SELECT of batches of 1,250
// messages from 1,000 devices (one write lane's batch in bench/ingest), rows sorted by key as the
// store sends them, alternating, each into emptied tables. Prints the backend's CPU per message
// (from /proc) and the bytes on disk per message, then what reading one key costs in each
// (every key of a message is in its row, so a reader of one key reads the others too). Linux only.
import { rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { freePort, startPostgres } from "@industryos/devstack";
import { cpuSeconds } from "../ingest/proc-stats.ts";
import { benchRunDir } from "../ingest/services.ts";

const { values: args } = parseArgs({
  options: { batches: { type: "string", default: "300" }, pairs: { type: "string", default: "2" } },
});
const BATCHES = Number(args.batches);
const PAIRS = Number(args.pairs);
const MESSAGES_PER_BATCH = 1250;
const DEVICES = 1000;
const KEYS = 5;

const LAYOUTS = {
  narrow: {
    ddl: `CREATE TABLE narrow (series_id bigint NOT NULL, ts timestamptz NOT NULL, bool_v boolean, long_v bigint,
            dbl_v double precision, str_v text, json_v jsonb);
          CREATE UNIQUE INDEX narrow_point_key ON narrow (series_id, ts)`,
    // Message g of the run: device g % DEVICES, its KEYS series numbered device * KEYS + k.
    insert: `INSERT INTO narrow (series_id, ts, dbl_v)
             SELECT (g % ${DEVICES}) * ${KEYS} + k, to_timestamp(($1::bigint + g / ${DEVICES}) / 1000.0), (g + k)::float8
               FROM generate_series($2::int, $2::int + ${MESSAGES_PER_BATCH - 1}) g, generate_series(0, ${KEYS - 1}) k
              ORDER BY 1, 2`,
  },
  wide: {
    ddl: `CREATE TABLE wide (device_id bigint NOT NULL, ts timestamptz NOT NULL, key_ids int[] NOT NULL, dbl_v double precision[]);
          CREATE UNIQUE INDEX wide_message_key ON wide (device_id, ts)`,
    insert: `INSERT INTO wide (device_id, ts, key_ids, dbl_v)
             SELECT g % ${DEVICES}, to_timestamp(($1::bigint + g / ${DEVICES}) / 1000.0), '{1,2,3,4,5}',
                    ARRAY[g, g + 1, g + 2, g + 3, g + 4]::float8[]
               FROM generate_series($2::int, $2::int + ${MESSAGES_PER_BATCH - 1}) g
              ORDER BY 1, 2`,
  },
} as const;
type Layout = keyof typeof LAYOUTS;

const dir = benchRunDir("row-layout");
const postgres = await startPostgres({
  dataDir: join(dir, "pg"),
  port: await freePort(),
  log: (m) => console.log(`[pg] ${m}`),
});
const client = new pg.Client({ connectionString: postgres.url });
try {
  await client.connect();
  for (const layout of Object.values(LAYOUTS)) await client.query(layout.ddl);
  const backendPid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
  const firstTs = Date.parse("2026-01-01T00:00:00Z");
  const messages = BATCHES * MESSAGES_PER_BATCH;

  async function fill(name: Layout) {
    await client.query(`TRUNCATE ${name}`);
    const before = cpuSeconds(backendPid);
    for (let b = 0; b < BATCHES; b++) await client.query(LAYOUTS[name].insert, [firstTs, b * MESSAGES_PER_BATCH]);
    const used = cpuSeconds(backendPid) - before;
    const { rows } = await client.query<{ bytes: string }>(`SELECT pg_total_relation_size('${name}') AS bytes`);
    return {
      layout: name,
      microsPerMessage: Number(((used * 1e6) / messages).toFixed(2)),
      bytesPerMessage: Math.round(Number(rows[0]!.bytes) / messages),
    };
  }

  console.log(
    `row layout benchmark: ${messages.toLocaleString("en-US")} messages of ${KEYS} keys from ${DEVICES} devices per run, ${PAIRS} alternating pairs`,
  );
  console.log(
    `load average before: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} on ${os.cpus().length} cores`,
  );
  // Warm-up, not measured: the first batches also pay for the caches.
  await fill("narrow");
  await fill("wide");
  const results: Awaited<ReturnType<typeof fill>>[] = [];
  for (let p = 0; p < PAIRS; p++) {
    for (const name of p % 2 === 0 ? (["narrow", "wide"] as const) : (["wide", "narrow"] as const)) {
      results.push(await fill(name));
      console.log(results.at(-1));
    }
  }
  const mean = (name: Layout) =>
    results.filter((r) => r.layout === name).reduce((s, r) => s + r.microsPerMessage, 0) / PAIRS;
  const narrow = mean("narrow");
  const wide = mean("wide");
  console.log(
    `backend CPU per message: narrow ${narrow.toFixed(2)} µs, wide ${wide.toFixed(2)} µs (${(narrow / wide).toFixed(1)}× less with one row per message)`,
  );

  // What the wide layout costs a reader of one key: its rows hold every key of the device.
  const reads = {
    "newest 100 points of one key": {
      narrow: "SELECT ts, dbl_v FROM narrow WHERE series_id = $1 * 5 + $2 ORDER BY ts DESC LIMIT 100",
      wide: "SELECT ts, dbl_v[array_position(key_ids, $2 + 1)] FROM wide WHERE device_id = $1 AND $2 + 1 = ANY (key_ids) ORDER BY ts DESC LIMIT 100",
    },
    "average of one key over all its points": {
      narrow: "SELECT avg(dbl_v) FROM narrow WHERE series_id = $1 * 5 + $2",
      wide: "SELECT avg(dbl_v[array_position(key_ids, $2 + 1)]) FROM wide WHERE device_id = $1",
    },
  };
  const QUERIES = 300;
  for (const [what, sql] of Object.entries(reads)) {
    const timings: Record<Layout, number[]> = { narrow: [], wide: [] };
    for (let q = 0; q < QUERIES * 2; q++) {
      const name: Layout = q % 2 === 0 ? "narrow" : "wide";
      const params = [Math.floor(q / 2) % DEVICES, q % KEYS];
      const started = performance.now();
      await client.query(sql[name], params);
      if (q >= 20) timings[name].push(performance.now() - started); // the first ones warm the caches
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(
      `${what} (${messages / DEVICES} messages per device), median of ${timings.narrow.length}: narrow ${median(timings.narrow).toFixed(3)} ms, wide ${median(timings.wide).toFixed(3)} ms`,
    );
  }
} finally {
  await client.end().catch(() => undefined);
  await postgres.stop();
  rmSync(dir, { recursive: true, force: true });
}
