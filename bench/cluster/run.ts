// Cluster benchmark: one node of each tier against two, on this machine, each behind HAProxy
// exactly as `npm run cluster` runs them (`--web N --ingest N --workers N`). For each topology:
//   1. ingest: closed-loop MQTT QoS 1 telemetry through HAProxy (bench/ingest's closed loop and
//      lean client) — acknowledged msg/s, each acknowledgement a stored message;
//   2. dashboards: WebSocket sessions through HAProxy (API-key auth, subscribeLatest), while the
//      watched devices publish through ingest — open time, delivered updates/s and publish → WebSocket
//      latency.
// The figures are printed side by side. Run it under `flock -x /tmp/cpu.lock`.
//
//   npx tsx bench/cluster/run.ts [--nodes 1,2] [--devices 200] [--in-flight 5] [--duration 15] [--warmup 3]
//                                [--sessions 1000] [--session-devices 100] [--rate 500]
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { createDatabaseClients } from "@industryos/db";
import { createApiKey, createTestDatabase, createUser } from "@industryos/db/testing";
import { freePort, startLocalServices, startTemporalDevServer } from "@industryos/devstack";
import { freePublicPorts, startClusterChild } from "@industryos/launcher";
import { runClosedLoop } from "../ingest/closed-loop.ts";
import { percentile } from "../ingest/load.ts";
import { seedDevices } from "../ingest/seed.ts";
import { runDashboardSessions, type DashboardResult } from "./dashboard-sessions.ts";
import { tierCpuOverWindow, type TierApp } from "./tier-cpu.ts";

const { values: args } = parseArgs({
  options: {
    nodes: { type: "string", default: "1,2" },
    devices: { type: "string", default: "200" },
    "in-flight": { type: "string", default: "5" },
    duration: { type: "string", default: "15" },
    warmup: { type: "string", default: "3" },
    sessions: { type: "string", default: "1000" },
    "session-devices": { type: "string", default: "100" },
    rate: { type: "string", default: "500" },
  },
});
const topologies = args.nodes.split(",").map(Number);
const DEVICES = Number(args.devices);
const SESSION_DEVICES = Math.min(Number(args["session-devices"]), DEVICES);
const REDIS_DB = 30; // the rule-engine streams' names are fixed: a database of its own, flushed per run

interface TopologyFigures {
  nodes: number;
  ingestMsgPerS: number;
  ingestP99Ms: number;
  /** Cores each tier used during the ingest window, and during the dashboard window. */
  ingestCpu: Record<TierApp, number>;
  dashboardCpu: Record<TierApp, number>;
  dashboard: DashboardResult;
}

const services = await startLocalServices("test");
const temporal = await startTemporalDevServer({ port: await freePort(), log: () => {} });
const results: TopologyFigures[] = [];

try {
  for (const nodes of topologies) {
    console.log(`\n--- ${nodes} node(s) of each tier ---`);
    const database = await createTestDatabase({ serverUrl: services.postgresUrl });
    const redis = new Redis(`${services.redisUrl}/${REDIS_DB}`);
    await redis.flushdb();
    const { tenantId, tokens } = await seedDevices(database.ownerUrl, DEVICES);
    const db = createDatabaseClients({ appUrl: database.appUrl, systemUrl: database.systemUrl, poolSize: 2 });
    const admin = await createUser(db.system, { tenantId });
    const apiKey = await createApiKey(db.system, { tenantId, createdById: admin.id, scopes: ["read"] });
    const deviceIds = (await db.system.device.findMany({ where: { tenantId }, select: { id: true, name: true } }))
      .sort((a, b) => Number(a.name.split("-").at(-1)) - Number(b.name.split("-").at(-1)))
      .map((d) => d.id);

    const ports = await freePublicPorts();
    const cluster = await startClusterChild(
      {
        ...ports,
        DATABASE_URL: database.ownerUrl,
        REDIS_URL: `${services.redisUrl}/${REDIS_DB}`,
        TEMPORAL_ADDRESS: temporal.address,
        DEMO_SEED: "false",
        DEMO_SIMULATOR: "false",
        LOG_LEVEL: "warn",
        WS_MAX_SESSIONS_PER_TENANT: "100000",
        WS_MAX_SESSIONS_PER_USER: "100000",
        WS_MAX_SUBSCRIPTIONS_PER_TENANT: "100000",
        WS_MAX_SUBSCRIPTIONS_PER_USER: "100000",
        NEXT_DIST_DIR: ".next-test",
      },
      { web: nodes, ingest: nodes, workers: nodes },
    );
    try {
      const ingestCpu = tierCpuOverWindow(cluster.process.pid!);
      const found = Object.values(ingestCpu.nodes);
      if (found.some((count) => count !== nodes))
        throw new Error(`expected ${nodes} node processes per tier, found ${JSON.stringify(ingestCpu.nodes)}`);
      console.log(
        `running; ingest closed loop: ${DEVICES} devices × ${args["in-flight"]} in flight, ${args.duration} s`,
      );
      const ingest = await runClosedLoop({
        url: `mqtt://127.0.0.1:${ports.MQTT_PORT}`,
        client: "lean",
        usernames: tokens,
        inFlight: Number(args["in-flight"]),
        warmupS: Number(args.warmup),
        durationS: Number(args.duration),
        onWindow: ingestCpu.onWindow,
      });
      const latencies = Float64Array.from(ingest.latenciesMs).sort();
      console.log(
        `dashboards: ${args.sessions} sessions over ${SESSION_DEVICES} devices publishing ${args.rate} msg/s`,
      );
      const dashboardCpu = tierCpuOverWindow(cluster.process.pid!);
      const dashboard = await runDashboardSessions({
        url: `ws://127.0.0.1:${ports.WEB_PORT}/api/ws`,
        mqttUrl: `mqtt://127.0.0.1:${ports.MQTT_PORT}`,
        apiKey,
        sessions: Number(args.sessions),
        deviceIds: deviceIds.slice(0, SESSION_DEVICES),
        tokens: tokens.slice(0, SESSION_DEVICES),
        rate: Number(args.rate),
        warmupS: Number(args.warmup),
        durationS: Number(args.duration),
        onWindow: dashboardCpu.onWindow,
      });
      results.push({
        nodes,
        ingestMsgPerS: ingest.acked / ingest.windowS,
        ingestP99Ms: percentile(latencies, 99),
        ingestCpu: ingestCpu.cores(),
        dashboardCpu: dashboardCpu.cores(),
        dashboard,
      });
      console.log(JSON.stringify(results.at(-1)));
    } finally {
      await cluster.stop();
      redis.disconnect();
      await db.close();
      await database.drop();
    }
  }
} finally {
  await temporal.stop();
  await services.stop();
}

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : "–";
const column = (label: string, value: (r: TopologyFigures) => string) =>
  console.log(`${label.padEnd(40)}${results.map((r) => value(r).padStart(18)).join("")}`);
console.log(
  `\n=== cluster on this machine (load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}) ===`,
);
column("nodes of each tier (behind HAProxy)", (r) => String(r.nodes));
column("ingest: acknowledged msg/s (closed loop)", (r) => fmt(r.ingestMsgPerS));
column("ingest: PUBACK p99 (ms)", (r) => fmt(r.ingestP99Ms, 1));
column("ingest: ingest tier CPU (cores, all nodes)", (r) => fmt(r.ingestCpu.ingest, 2));
column("ingest: µs of ingest CPU per message", (r) => fmt((r.ingestCpu.ingest / r.ingestMsgPerS) * 1e6, 1));
column("ingest: workers tier CPU (cores)", (r) => fmt(r.ingestCpu.workers, 2));
column("dashboards: sessions subscribed", (r) => `${fmt(r.dashboard.opened)} / ${args.sessions}`);
column("dashboards: sessions opened per s", (r) => fmt(r.dashboard.opened / r.dashboard.openSeconds));
column("dashboards: device msg/s published", (r) => fmt(r.dashboard.publishedPerS));
column("dashboards: WebSocket messages/s", (r) => fmt(r.dashboard.wsMessagesPerS));
column(
  "dashboards: latency p50 / p99 (ms)",
  (r) => `${fmt(r.dashboard.latencyMs.p50)} / ${fmt(r.dashboard.latencyMs.p99)}`,
);
