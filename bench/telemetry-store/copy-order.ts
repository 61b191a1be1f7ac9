// Does the order of a batch's rows change what PostgreSQL spends on a COPY? Ingest-shaped
// batches (one write lane's: ~500 devices, 1-3 messages each, 5 keys, messages in arrival
// order) are COPYed into the telemetry table (a row per message) as they arrived and sorted by
// their first series id, one device's messages together (what the store sends), alternating,
// each time into an emptied table. It prints the COPY backend's CPU
// per point (from /proc, so the client's encoding is not in it) and the index bytes per point.
//
//   npx tsx bench/telemetry-store/copy-order.ts [--batches 600] [--pairs 3]
//
// Uses DATABASE_URL (a superuser URL; default: the test profile's local server, started if
// needed) and a fresh database that it drops at the end. Linux only (/proc).
import { randomUUID } from "node:crypto";
import os from "node:os";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { createDatabaseClients } from "@industryos/db";
import { createTestDatabase } from "@industryos/db/testing";
import { startLocalServices } from "@industryos/devstack";
import { cpuSeconds } from "../ingest/proc-stats.ts";
import { countDataPoints, telemetryStorage } from "../ingest/telemetry-count.ts";
import { COPY, encode, laneBatch, resolveSeriesIds, truncateTelemetry } from "./copy.ts";

const { values: args } = parseArgs({
  options: { batches: { type: "string", default: "600" }, pairs: { type: "string", default: "3" } },
});
const BATCHES = Number(args.batches);
const PAIRS = Number(args.pairs);
const DEVICES = 1000;

if (!process.env.DATABASE_URL) {
  const services = await startLocalServices("test", () => {});
  process.env.DATABASE_URL = services.postgresUrl;
}
const database = await createTestDatabase();
const clients = createDatabaseClients({ appUrl: database.appUrl, systemUrl: database.systemUrl, poolSize: 2 });
const owner = new pg.Pool({ connectionString: database.ownerUrl, max: 1 });

const fixture = {
  tenantId: randomUUID(),
  devices: Array.from({ length: DEVICES }, () => randomUUID()),
  firstTs: Date.now() - 3600_000,
};

const batches = Array.from({ length: BATCHES }, (_, b) => laneBatch(fixture, b, true));
const ids = await resolveSeriesIds(clients.systemPool, batches);
/** Each batch's COPY data: messages as they arrived, and sorted. */
const encoded = batches.map((rows) => ({
  arrival: encode(rows, ids, "arrival"),
  sorted: encode(rows, ids),
  points: rows.length,
}));
const points = encoded.reduce((n, e) => n + e.points, 0);

const client = await clients.systemPool.connect();
const backendPid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
const copyBatch = (data: Buffer) => pipeline(Readable.from([data]), client.query(copyFrom(COPY)));

async function copyAll(order: "arrival" | "sorted"): Promise<{ nsPerPoint: number; indexBytesPerPoint: number }> {
  await truncateTelemetry(owner);
  const before = cpuSeconds(backendPid);
  for (const e of encoded) await copyBatch(e[order]);
  const used = cpuSeconds(backendPid) - before;
  const stored = await countDataPoints(owner);
  if (stored !== points) throw new Error(`COPY stored ${stored} of ${points} points`);
  const { indexBytes } = await telemetryStorage(owner);
  return {
    nsPerPoint: Math.round((used * 1e9) / points),
    indexBytesPerPoint: Number((indexBytes / points).toFixed(1)),
  };
}

console.log(
  `COPY order benchmark: ${BATCHES} batches of ~${Math.round(points / BATCHES).toLocaleString("en-US")} points (${points.toLocaleString("en-US")} in all), ${PAIRS} alternating pairs`,
);
console.log(
  `load average before: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")} on ${os.cpus().length} cores`,
);
// Warm-up, not measured: the first COPY into a fresh database also pays for its caches.
for (const e of encoded.slice(0, 100)) await copyBatch(e.arrival);
const results: { order: string; nsPerPoint: number; indexBytesPerPoint: number }[] = [];
for (let p = 0; p < PAIRS; p++) {
  // Alternate which goes first, so a drift of the machine weighs on both.
  for (const order of p % 2 === 0 ? (["arrival", "sorted"] as const) : (["sorted", "arrival"] as const)) {
    results.push({ order, ...(await copyAll(order)) });
    console.log(results.at(-1));
  }
}
const mean = (order: string) => results.filter((r) => r.order === order).reduce((s, r) => s + r.nsPerPoint, 0) / PAIRS;
const arrival = mean("arrival");
const sorted = mean("sorted");
console.log(
  `backend CPU per point: arrival ${Math.round(arrival)} ns, sorted by first series id ${Math.round(sorted)} ns (${(((sorted - arrival) / arrival) * 100).toFixed(1)}%)`,
);

client.release();
await owner.end();
await clients.close();
await database.drop();
process.exit(0);
