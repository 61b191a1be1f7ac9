// Realtime benchmark: N WebSocket sessions, each subscribed to one device's latest values, while
// simulated devices publish at R messages/s. Prints delivered updates/s, end-to-end latency from
// publish to WebSocket message (p50/p95/p99) and the web node's CPU and RSS, beside the targets;
// then the time to first data of a 30-day, 1-minute chart of one key.
//
//   npx tsx bench/realtime/run.ts [--sessions 1000] [--devices 1000] [--rate 1000] [--seconds 20]
//
// Loopback only, and it stops by itself. The publisher stands in for ingest: it publishes on
// `liveDeviceChannel` exactly what ingest publishes after a committed write (the database write
// itself is ingest's benchmark, not this one).
import { fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { createDatabaseClients, createTenant, defaultDeviceProfile } from "@industryos/db";
import { createTelemetryStore } from "@industryos/db/telemetry";
import { createTestDatabase } from "@industryos/db/testing";
import { freePort, startLocalServices } from "@industryos/devstack";
import { liveDeviceChannel } from "@industryos/device-protocol";
import type { DataMessage, ServerMessage } from "@industryos/realtime/protocol";
import { Redis } from "ioredis";
import { WebSocket } from "ws";
import { percentile, processUsage } from "./stats.ts";

const { values: args } = parseArgs({
  options: {
    sessions: { type: "string", default: "1000" },
    devices: { type: "string", default: "1000" },
    rate: { type: "string", default: "1000" },
    seconds: { type: "string", default: "20" },
    warmup: { type: "string", default: "3" },
    "chart-days": { type: "string", default: "30" },
  },
});
const SESSIONS = Number(args.sessions);
const DEVICES = Number(args.devices);
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const WARMUP = Number(args.warmup);
const CHART_DAYS = Number(args["chart-days"]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const services = await startLocalServices("test");
const database = await createTestDatabase({ serverUrl: services.postgresUrl });
const db = createDatabaseClients({ appUrl: database.appUrl, systemUrl: database.systemUrl, poolSize: 4 });
const redis = new Redis(services.redisUrl);

console.log(`seeding ${DEVICES} devices…`);
const tenantId = (await createTenant(db.system)).id;
const profile = await defaultDeviceProfile(db.system, tenantId);
await db.system.device.createMany({
  data: Array.from({ length: DEVICES }, (_, i) => ({ tenantId, deviceProfileId: profile.id, name: `bench-${i}` })),
});
const deviceIds = (
  await db.system.device.findMany({ where: { tenantId }, select: { id: true }, orderBy: { name: "asc" } })
).map((d) => d.id);

const port = await freePort();
const apiKey = `bench-${randomUUID()}`;
const server = fork(new URL("./server.ts", import.meta.url).pathname, {
  execArgv: ["--import", "tsx"],
  env: {
    ...process.env,
    DATABASE_APP_URL: database.appUrl,
    DATABASE_SYSTEM_URL: database.systemUrl,
    REDIS_URL: services.redisUrl,
    PORT: String(port),
    BENCH_API_KEY: apiKey,
    BENCH_TENANT_ID: tenantId,
    LOG_LEVEL: "warn",
  },
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
// Never leave the web node behind, whatever happens to the bench.
process.on("exit", () => server.kill("SIGKILL"));
await new Promise<void>((resolve, reject) => {
  server.once("message", () => resolve());
  server.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
});
const url = `ws://127.0.0.1:${port}/api/ws`;

// --- sessions --------------------------------------------------------------------------------
let measuring = false;
const latencies: number[] = [];
let delivered = 0;
let messages = 0;
let merged = 0;
const sockets: WebSocket[] = [];

function openSession(i: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    sockets.push(socket);
    socket.on("error", reject);
    socket.on("open", () => {
      socket.send(JSON.stringify({ type: "auth", cmdId: 0, apiKey }));
      const entity = { type: "DEVICE", id: deviceIds[i % deviceIds.length] };
      socket.send(JSON.stringify({ type: "subscribeLatest", cmdId: 1, entity, keys: ["temperature", "humidity"] }));
    });
    socket.on("message", (raw) => {
      const now = Date.now();
      const message = JSON.parse(raw.toString()) as ServerMessage;
      if (message.type === "data" && message.initial) return resolve();
      if (message.type === "error") return reject(new Error(JSON.stringify(message.error)));
      if (message.type !== "data" || !measuring) return;
      messages++;
      merged += (message as DataMessage).merged ?? 0;
      for (const byKey of Object.values(message.data)) {
        for (const points of Object.values(byKey)) {
          for (const p of points) {
            delivered++;
            latencies.push(now - p.ts);
          }
        }
      }
    });
  });
}

console.log(`opening ${SESSIONS} sessions…`);
const openedAt = Date.now();
for (let i = 0; i < SESSIONS; i += 50) {
  await Promise.all(Array.from({ length: Math.min(50, SESSIONS - i) }, (_, j) => openSession(i + j)));
}
const openSeconds = (Date.now() - openedAt) / 1000;

// --- simulated ingest --------------------------------------------------------------------------
let cursor = 0;
let published = 0;
let publishing = true;
async function publishLoop() {
  const started = Date.now();
  while (publishing) {
    const due = Math.floor(((Date.now() - started) / 1000) * RATE) - published;
    if (due > 0) {
      const pipeline = redis.pipeline();
      for (let k = 0; k < due; k++) {
        const deviceId = deviceIds[cursor++ % deviceIds.length]!;
        const ts = Date.now();
        pipeline.publish(
          liveDeviceChannel(tenantId, deviceId),
          JSON.stringify({
            type: "POST_TELEMETRY_REQUEST",
            tenantId,
            deviceId,
            receivedAt: ts,
            points: [
              { ts, key: "temperature", type: "DOUBLE", value: 20 + Math.random() },
              { ts, key: "humidity", type: "DOUBLE", value: 40 + Math.random() },
            ],
          }),
        );
      }
      published += due;
      await pipeline.exec();
    }
    await sleep(5);
  }
}

console.log(`publishing ${RATE} msg/s for ${WARMUP}s warm-up + ${SECONDS}s measured…`);
const publisher = publishLoop();
await sleep(WARMUP * 1000);
const publishedBefore = published;
const usageBefore = processUsage(server.pid!);
const measureStart = Date.now();
measuring = true;
let peakRss = usageBefore.rssMiB;
for (let s = 0; s < SECONDS; s++) {
  await sleep(1000);
  peakRss = Math.max(peakRss, processUsage(server.pid!).rssMiB);
}
measuring = false;
const elapsed = (Date.now() - measureStart) / 1000;
const usageAfter = processUsage(server.pid!);
const publishedDuring = published - publishedBefore;
publishing = false;
await publisher;
const serverStats = await new Promise<unknown>((resolve) => {
  server.once("message", (m: { stats?: unknown }) => resolve(m.stats));
  server.send({ stats: true });
});

latencies.sort((a, b) => a - b);
const cpuPercent = ((usageAfter.cpuSeconds - usageBefore.cpuSeconds) / elapsed) * 100;
const p99 = percentile(latencies, 99);
const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

console.log("\n=== live updates ===");
console.log(
  `machine load average  ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} (2 cores, shared)`,
);
console.log(`sessions              ${fmt(SESSIONS)} (opened + subscribed in ${fmt(openSeconds, 1)} s)   target 1,000`);
console.log(`device messages/s     ${fmt(publishedDuring / elapsed)} (2 keys each)   target 1,000`);
console.log(`WS messages/s         ${fmt(messages / elapsed)}`);
console.log(`delivered updates/s   ${fmt(delivered / elapsed)} points   (merged: ${fmt(merged)})`);
console.log(`latency p50           ${fmt(percentile(latencies, 50), 1)} ms`);
console.log(`latency p95           ${fmt(percentile(latencies, 95), 1)} ms`);
console.log(`latency p99           ${fmt(p99, 1)} ms   target < 250 ms   ${p99 < 250 ? "MET" : "MISSED"}`);
console.log(`latency max           ${fmt(latencies.at(-1) ?? Number.NaN, 1)} ms`);
console.log(`web node CPU          ${fmt(cpuPercent, 1)} % of one core`);
console.log(`web node RSS          ${fmt(usageAfter.rssMiB, 1)} MiB (peak ${fmt(peakRss, 1)} MiB)`);
console.log(`server stats          ${JSON.stringify(serverStats)}`);
for (const socket of sockets) socket.terminate();

// --- 30-day chart ------------------------------------------------------------------------------
if (CHART_DAYS > 0) {
  const store = createTelemetryStore(db);
  const chartDevice = deviceIds[0]!;
  const minute = 60_000;
  const to = Math.floor(Date.now() / minute) * minute;
  const from = to - CHART_DAYS * 86_400_000;
  console.log(`\nwriting ${fmt((to - from) / minute)} points (one key, 1/min over ${CHART_DAYS} days)…`);
  const rows = [];
  for (let ts = from; ts < to; ts += minute)
    rows.push({
      tenantId,
      entityId: chartDevice,
      key: "power",
      ts,
      value: { type: "DOUBLE" as const, value: Math.sin(ts / 3_600_000) * 100 },
    });
  for (let i = 0; i < rows.length; i += 5000) await store.writeBatch(rows.slice(i, i + 5000));

  const timings: number[] = [];
  const socket = new WebSocket(url);
  await new Promise((r) => socket.once("open", r));
  socket.send(JSON.stringify({ type: "auth", cmdId: 0, apiKey }));
  for (let run = 1; run <= 7; run++) {
    const started = Date.now();
    const points = await new Promise<number>((resolve, reject) => {
      const onMessage = (raw: Buffer) => {
        const m = JSON.parse(raw.toString()) as ServerMessage;
        if (m.type === "error") reject(new Error(JSON.stringify(m.error)));
        if (m.type === "data" && m.cmdId === run && m.initial) {
          socket.off("message", onMessage);
          resolve(m.data[chartDevice]?.power?.length ?? 0);
        }
      };
      socket.on("message", onMessage);
      socket.send(
        JSON.stringify({
          type: "subscribeTimeseries",
          cmdId: run,
          entity: { type: "DEVICE", id: chartDevice },
          keys: ["power"],
          window: { from, to },
          agg: "AVG",
          intervalMs: minute,
        }),
      );
    });
    timings.push(Date.now() - started);
    if (run === 1) console.log(`chart points returned ${fmt(points)}`);
  }
  socket.terminate();
  const storeTimings: number[] = [];
  for (let run = 0; run < 5; run++) {
    const started = Date.now();
    await store.aggregate(tenantId, chartDevice, {
      keys: ["power"],
      from,
      to,
      agg: "AVG",
      intervalMs: minute,
      limit: 100_000,
    });
    storeTimings.push(Date.now() - started);
  }
  const sorted = [...timings].sort((a, b) => a - b);
  console.log("\n=== 30-day chart, 1-minute AVG, over WebSocket (subscribe → history received) ===");
  console.log(`runs                  ${timings.join(", ")} ms`);
  console.log(
    `median                ${fmt(percentile(sorted, 50))} ms   target < 300 ms   ${percentile(sorted, 50) < 300 ? "MET" : "MISSED"}`,
  );
  console.log(
    `store query alone     ${storeTimings.join(", ")} ms (telemetry store aggregate, same process as the bench)`,
  );
}

server.kill("SIGTERM");
await new Promise((r) => server.once("exit", r));
redis.disconnect();
await db.close();
await database.drop();
await services.stop();
