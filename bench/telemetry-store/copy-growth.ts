// Does PostgreSQL's CPU per COPYed point grow as the day's telemetry partition fills? bench/ingest
// sees PostgreSQL's µs per message rise from round to round of its closed loop; this COPYs
// ingest-shaped batches (one write lane's: ~500 devices, 1-3 messages each, 5 keys, sorted by
// series as the store sends them) back to back into one partition and prints, per chunk, the COPY
// backend's CPU per point, all of PostgreSQL's (autovacuum, checkpointer, WAL writer included),
// and the wall time per point, with the points stored so far.
//
//   npx tsx bench/telemetry-store/copy-growth.ts [--chunks 12] [--batches-per-chunk 200]
//
// Starts its own PostgreSQL (fsync and full-page writes on, as in production) under .data/bench,
// migrated as `npm start` migrates. Linux only (/proc).
import { randomUUID } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { from as copyFrom } from "pg-copy-streams";
import { createDatabaseClients } from "@industryos/db";
import { createTestDatabase } from "@industryos/db/testing";
import { freePort, startPostgres } from "@industryos/devstack";
import { cpuSeconds, cpuSecondsOfTree } from "../ingest/proc-stats.ts";
import { benchRunDir } from "../ingest/services.ts";
import { COPY, laneBatch, preEncode, resolveSeriesIds } from "./copy.ts";

const { values: args } = parseArgs({
  options: { chunks: { type: "string", default: "12" }, "batches-per-chunk": { type: "string", default: "200" } },
});
const CHUNKS = Number(args.chunks);
const BATCHES_PER_CHUNK = Number(args["batches-per-chunk"]);
const fixture = {
  tenantId: randomUUID(),
  devices: Array.from({ length: 1000 }, () => randomUUID()),
  firstTs: Date.now() - 3600_000,
};

const dir = benchRunDir("copy-growth");
const dataDir = join(dir, "pg");
const postgres = await startPostgres({ dataDir, port: await freePort(), log: (m) => console.log(`[pg] ${m}`) });
try {
  const database = await createTestDatabase({ serverUrl: postgres.url });
  const clients = createDatabaseClients({ appUrl: database.appUrl, systemUrl: database.systemUrl, poolSize: 1 });
  const ids = await resolveSeriesIds(clients.systemPool, [laneBatch(fixture, 0), laneBatch(fixture, 1)]);
  const client = await clients.systemPool.connect();
  const backendPid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
  const postmasterPid = Number(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  const copy = (data: Buffer) => pipeline(Readable.from([data]), client.query(copyFrom(COPY)));

  console.log(
    `COPY growth benchmark: ${CHUNKS} chunks of ${BATCHES_PER_CHUNK} batches (~${Math.round(laneBatch(fixture, 0).length / 100) * 100} points each)`,
  );
  console.log(
    `load average before: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} on ${os.cpus().length} cores`,
  );
  let b = 0;
  let stored = 0;
  for (let chunk = 0; chunk < CHUNKS; chunk++) {
    const rows = Array.from({ length: BATCHES_PER_CHUNK }, () => laneBatch(fixture, b++));
    // Encoded before the clocks start: this measures PostgreSQL, not the encoder.
    const { preEncoded } = preEncode(rows, ids);
    const points = rows.reduce((n, batch) => n + batch.length, 0);
    const backendBefore = cpuSeconds(backendPid);
    const clusterBefore = cpuSecondsOfTree(postmasterPid);
    const started = performance.now();
    for (const data of preEncoded) await copy(data);
    const wallNs = (performance.now() - started) * 1e6;
    stored += points;
    const perPoint = (seconds: number) => Math.round((seconds * 1e9) / points);
    console.log(
      `${stored.toLocaleString("en-US").padStart(11)} points stored: ns per point: COPY backend ${perPoint(cpuSeconds(backendPid) - backendBefore)}, ` +
        `all of PostgreSQL ${perPoint(cpuSecondsOfTree(postmasterPid) - clusterBefore)}, wall ${Math.round(wallNs / points)}`,
    );
  }
  client.release();
  await clients.close();
  await database.drop();
} finally {
  await postgres.stop();
  rmSync(dir, { recursive: true, force: true });
}
