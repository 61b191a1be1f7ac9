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
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { from as copyFrom } from "pg-copy-streams";
import { createDatabaseClients } from "@industryos/db";
import { copyBinary, COPY_BINARY_COLUMNS, prepareTelemetryBatch, type TelemetryRow } from "@industryos/db/telemetry";
import { createTestDatabase } from "@industryos/db/testing";
import { freePort, repoRoot, startPostgres } from "@industryos/devstack";
import { cpuSeconds } from "../ingest/proc-stats.ts";
import { resolveSeriesIds, seriesKey } from "./copy.ts";

const { values: args } = parseArgs({ options: { chunks: { type: "string", default: "12" }, "batches-per-chunk": { type: "string", default: "200" } } });
const CHUNKS = Number(args.chunks);
const BATCHES_PER_CHUNK = Number(args["batches-per-chunk"]);
const DEVICES = 1000;
const KEYS = 5;

const tenantId = randomUUID();
const devices = Array.from({ length: DEVICES }, () => randomUUID());
const firstTs = Date.now() - 3600_000;

/** Batch b: every other device (one lane's), 1-3 messages each, 10 ms after batch b - 1. */
function batch(b: number): TelemetryRow[] {
  const rows: TelemetryRow[] = [];
  for (let d = b % 2; d < DEVICES; d += 2) {
    const messages = 1 + ((d * 7 + b) % 3 === 0 ? 2 : (d + b) % 2);
    for (let m = 0; m < messages; m++) {
      for (let k = 0; k < KEYS; k++) rows.push({ tenantId, entityId: devices[d]!, key: `key_${k}`, ts: firstTs + b * 10 + m, value: { type: "DOUBLE", value: (b * 31 + k) % 1000 } });
    }
  }
  return rows;
}

/** CPU seconds of every process of the PostgreSQL cluster whose postmaster wrote this pid file. */
function clusterCpuSeconds(postmasterPid: number): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
      if (Number(entry) === postmasterPid || ppid === postmasterPid) total += cpuSeconds(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

const work = join(repoRoot, ".data", "bench");
mkdirSync(work, { recursive: true });
const dir = mkdtempSync(join(work, "copy-growth-"));
chmodSync(dir, 0o755); // PostgreSQL runs as its own user when we are root
const dataDir = join(dir, "pg");
const postgres = await startPostgres({ dataDir, port: await freePort(), log: (m) => console.log(`[pg] ${m}`) });
try {
  const database = await createTestDatabase({ serverUrl: postgres.url });
  const clients = createDatabaseClients({ appUrl: database.appUrl, systemUrl: database.systemUrl, poolSize: 1 });
  const ids = await resolveSeriesIds(clients.systemPool, [batch(0), batch(1)]);
  const client = await clients.systemPool.connect();
  const backendPid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
  const postmasterPid = Number(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  const copy = (data: Buffer) => pipeline(Readable.from([data]), client.query(copyFrom(`COPY ${COPY_BINARY_COLUMNS} FROM STDIN (FORMAT binary)`)));

  console.log(`COPY growth benchmark: ${CHUNKS} chunks of ${BATCHES_PER_CHUNK} batches (~${Math.round(batch(0).length / 100) * 100} points each)`);
  console.log(`load average before: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} on ${os.cpus().length} cores`);
  let b = 0;
  let stored = 0;
  for (let chunk = 0; chunk < CHUNKS; chunk++) {
    // Encoded before the clocks start: this measures PostgreSQL, not the encoder.
    const encoded = Array.from({ length: BATCHES_PER_CHUNK }, () => {
      const prepared = prepareTelemetryBatch(batch(b++));
      const seriesIds = Array.from({ length: prepared.count }, (_, i) => ids.get(seriesKey(prepared.tenant[i]!, prepared.entity[i]!, prepared.keys[i]!))!);
      return { data: copyBinary(prepared, seriesIds), points: prepared.count };
    });
    const points = encoded.reduce((n, e) => n + e.points, 0);
    const backendBefore = cpuSeconds(backendPid);
    const clusterBefore = clusterCpuSeconds(postmasterPid);
    const started = performance.now();
    for (const e of encoded) await copy(e.data);
    const wallNs = (performance.now() - started) * 1e6;
    stored += points;
    const perPoint = (seconds: number) => Math.round((seconds * 1e9) / points);
    console.log(
      `${stored.toLocaleString("en-US").padStart(11)} points stored: ns per point: COPY backend ${perPoint(cpuSeconds(backendPid) - backendBefore)}, ` +
        `all of PostgreSQL ${perPoint(clusterCpuSeconds(postmasterPid) - clusterBefore)}, wall ${Math.round(wallNs / points)}`,
    );
  }
  client.release();
  await clients.close();
  await database.drop();
} finally {
  await postgres.stop();
  rmSync(dir, { recursive: true, force: true });
}
