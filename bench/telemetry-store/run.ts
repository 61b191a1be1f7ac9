// Telemetry store benchmark: N points from many simulated devices written through the store
// (writeBatch, the ingest path) and the same rows through a bare COPY into the same table (one
// transaction, and again with a COMMIT per batch as durable ingest needs; COPY's binary format
// from the store's own encoder, rows encoded on the way, plus the bytes encoded beforehand);
// then a one-day range aggregated to 1-minute buckets over one key with a year of 1-minute
// data present.
//
//   npx tsx bench/telemetry-store/run.ts --rows 2000000 [--devices 2000] [--keys 10]
//     [--tenants 20] [--batch 5000] [--concurrency 1,2] [--burst 1] [--no-year]
//
// --burst n: each device message carries n samples of every key (a device or gateway sending
// buffered readings), so a batch holds n points per series and its latest-value update
// touches 1/n of the rows. With 1 (the default) every point of a batch is its series' newest.
//
// Uses DATABASE_URL (a superuser URL of a server; default: the test profile's local server,
// started if needed) and a fresh database that it drops at the end.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { createDatabaseClients } from "@industryos/db";
import { createTelemetryStore, type TelemetryRow } from "@industryos/db/telemetry";
import { createTestDatabase } from "@industryos/db/testing";
import { startLocalServices } from "@industryos/devstack";
import { copyRows, copyRowsCommittedPerBatch, preEncode, resolveSeriesIds, truncateTelemetry } from "./copy.ts";
import { countDataPoints } from "../ingest/telemetry-count.ts";
import { yearQuery } from "./year-query.ts";

const { values: args } = parseArgs({
  options: {
    rows: { type: "string", default: "2000000" },
    devices: { type: "string", default: "2000" },
    keys: { type: "string", default: "10" },
    tenants: { type: "string", default: "20" },
    batch: { type: "string", default: "5000" },
    concurrency: { type: "string", default: "1,2" },
    burst: { type: "string", default: "1" },
    "no-year": { type: "boolean", default: false },
  },
});
const N = Number(args.rows);
const DEVICES = Number(args.devices);
const KEYS = Number(args.keys);
const BATCH = Number(args.batch);
const BURST = Number(args.burst);

if (!process.env.DATABASE_URL) {
  const services = await startLocalServices("test", () => {});
  process.env.DATABASE_URL = services.postgresUrl;
}
const database = await createTestDatabase();
const clients = createDatabaseClients({ appUrl: database.appUrl, systemUrl: database.systemUrl, poolSize: 4 });
const store = createTelemetryStore(clients);
const owner = new pg.Pool({ connectionString: database.ownerUrl, max: 1 }); // TRUNCATE, CHECKPOINT, counts

const tenants = Array.from({ length: Number(args.tenants) }, () => randomUUID());
const devices = Array.from({ length: DEVICES }, (_, i) => ({
  tenantId: tenants[i % tenants.length]!,
  entityId: randomUUID(),
}));
const keyNames = Array.from({ length: KEYS }, (_, i) => `key_${i}`);
const start = Date.now() - 6 * 3600_000; // inside today's and yesterday's partitions

/** Row i of the run: every device reports all its keys every second, BURST seconds per message. */
function row(i: number): TelemetryRow {
  const perRound = DEVICES * BURST * KEYS;
  const round = Math.floor(i / perRound);
  const rest = i % perRound;
  const device = devices[Math.floor(rest / (BURST * KEYS))]!;
  const sample = Math.floor((rest % (BURST * KEYS)) / KEYS);
  const k = rest % KEYS;
  const ts = start + (round * BURST + sample) * 1000;
  const value =
    k % 3 === 0
      ? { type: "LONG" as const, value: (i * 7) % 10_000 }
      : k % 3 === 1
        ? { type: "DOUBLE" as const, value: (i % 1000) / 7 }
        : { type: "BOOLEAN" as const, value: i % 2 === 0 };
  return { tenantId: device.tenantId, entityId: device.entityId, key: keyNames[k]!, ts, value };
}

function batches(): TelemetryRow[][] {
  const out: TelemetryRow[][] = [];
  for (let i = 0; i < N; i += BATCH) out.push(Array.from({ length: Math.min(BATCH, N - i) }, (_, j) => row(i + j)));
  return out;
}

async function viaStore(concurrency: number): Promise<number> {
  const all = batches();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < all.length) await store.writeBatch(all[next++]!);
    }),
  );
  // The clock stops once the latest values written behind the points are in the table too.
  await store.flushLatest();
  return performance.now() - t0;
}

/**
 * The same rows through a bare COPY in `streams` streams: encoded on the way (the comparison the
 * targets use), or encoded before the clock starts (PostgreSQL's part alone).
 */
async function viaCopy(
  streams: number,
  mode: { perBatchCommit?: boolean; preEncoded?: boolean } = {},
): Promise<number> {
  const all = batches();
  const ids = await resolveSeriesIds(clients.systemPool, all);
  const encoded = mode.preEncoded ? preEncode(all, ids).preEncoded : undefined;
  const share = Math.ceil(all.length / streams);
  const part = (s: number) =>
    encoded ? { preEncoded: encoded.slice(s * share, (s + 1) * share) } : all.slice(s * share, (s + 1) * share);
  const t0 = performance.now();
  const copy = mode.perBatchCommit ? copyRowsCommittedPerBatch : copyRows;
  await Promise.all(Array.from({ length: streams }, (_, s) => copy(clients.systemPool, part(s), ids)));
  return performance.now() - t0;
}

const rate = (ms: number) => Math.round(N / (ms / 1000));
const fmt = (n: number) => n.toLocaleString("en-US");
console.log(
  `telemetry store benchmark: ${fmt(N)} points, ${fmt(DEVICES)} devices x ${KEYS} keys, ${tenants.length} tenants, ` +
    `batches of ${fmt(BATCH)}, ${BURST} sample(s) per series per message`,
);
console.log(
  `load average before: ${(await import("node:os"))
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")} on ${(await import("node:os")).cpus().length} cores`,
);
console.log(
  `flavour: ${await store.flavour()}; PostgreSQL ${(await clients.systemPool.query("SHOW server_version")).rows[0].server_version}`,
);

// Warm-up (key dictionary, partitions, connections), then measure.
await store.writeBatch(batches()[0]!.slice(0, 100));
await truncateTelemetry(owner);

/** Every latest row holds its series' newest point. */
async function checkLatestIsNewest() {
  const { rows } =
    await owner.query(`SELECT count(*) AS n FROM telemetry_latest l JOIN telemetry_series s ON s.id = l.series_id
     WHERE l.ts <> (SELECT max(x.ts) FROM telemetry x WHERE x.entity_id = s.entity_id AND l.series_id = ANY (x.series_ids))`);
  if (Number(rows[0].n) !== 0) throw new Error(`${rows[0].n} latest values are not their series' newest point`);
}

async function count(table: string): Promise<number> {
  return Number((await owner.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
}

// Each measurement starts from an empty table; COPY and store alternate per concurrency.
const results: {
  concurrency: number;
  copyMs: number;
  committedCopyMs: number;
  preEncodedCopyMs: number;
  storeMs: number;
}[] = [];
for (const c of args.concurrency.split(",").map(Number)) {
  const copyMs = await viaCopy(c);
  if ((await countDataPoints(owner)) !== N) throw new Error("COPY lost rows");
  await truncateTelemetry(owner);
  const committedCopyMs = await viaCopy(c, { perBatchCommit: true });
  if ((await countDataPoints(owner)) !== N) throw new Error("COPY lost rows");
  await truncateTelemetry(owner);
  const preEncodedCopyMs = await viaCopy(c, { preEncoded: true });
  if ((await countDataPoints(owner)) !== N) throw new Error("COPY lost rows");
  await truncateTelemetry(owner);
  const storeMs = await viaStore(c);
  if ((await countDataPoints(owner)) !== N || (await count("telemetry_latest")) !== DEVICES * KEYS)
    throw new Error("store lost rows");
  await checkLatestIsNewest();
  await truncateTelemetry(owner);
  results.push({ concurrency: c, copyMs, committedCopyMs, preEncodedCopyMs, storeMs });
}

const copy1 = results.find((r) => r.concurrency === 1)?.copyMs;
console.log("");
for (const r of results) {
  const storeRate = rate(r.storeMs);
  const vsSame = (r.copyMs / r.storeMs) * 100;
  console.log(
    `${`bare COPY, ${r.concurrency} stream(s)`.padEnd(34)} ${fmt(rate(r.copyMs)).padStart(9)} points/s (${(r.copyMs / 1000).toFixed(1)} s)`,
  );
  console.log(
    `${`bare COPY + COMMIT per batch, ${r.concurrency}`.padEnd(34)} ${fmt(rate(r.committedCopyMs)).padStart(9)} points/s (${(r.committedCopyMs / 1000).toFixed(1)} s)`,
  );
  console.log(
    `${`COPY of bytes encoded beforehand, ${r.concurrency}`.padEnd(34)} ${fmt(rate(r.preEncodedCopyMs)).padStart(9)} points/s (${(r.preEncodedCopyMs / 1000).toFixed(1)} s): PostgreSQL's part alone`,
  );
  console.log(
    `${`store.writeBatch, ${r.concurrency} in flight`.padEnd(34)} ${fmt(storeRate).padStart(9)} points/s (${(r.storeMs / 1000).toFixed(1)} s)`,
  );
  console.log(
    `  ratio to COPY with ${r.concurrency} stream(s): ${vsSame.toFixed(0)}%` +
      (copy1 && r.concurrency !== 1 ? `; to 1-stream COPY: ${((copy1 / r.storeMs) * 100).toFixed(0)}%` : ""),
  );
  console.log(
    `  ratio to COPY committing each batch (the durability every acknowledged write needs): ${((r.committedCopyMs / r.storeMs) * 100).toFixed(0)}%`,
  );
  console.log(
    `  targets: >= 70% of COPY -> ${vsSame >= 70 ? "met" : "missed"} (same concurrency); >= 100,000 points/s -> ${storeRate >= 100_000 ? "met" : "missed"}`,
  );
}

if (!args["no-year"]) {
  const q = await yearQuery(store, clients.systemPool);
  console.log("");
  console.log(
    `a year of 1-minute data for one key (${fmt(q.points)} points) written in ${(q.writeMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `one-day range, 1-minute buckets (AVG, ${q.buckets} buckets): first ${q.firstMs.toFixed(1)} ms, median of ${q.runs} ${q.medianMs.toFixed(1)} ms`,
  );
  console.log(`30-day range, 1-minute buckets (AVG, 43,200 buckets): median of 5 ${q.monthMedianMs.toFixed(1)} ms`);
}

await owner.end();
await clients.close();
await database.drop();
process.exit(0);
