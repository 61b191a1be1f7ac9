// 100,000 concurrent MQTT connections to one ingest node (issue 25): a connect storm against a
// freshly started node (no credential cached anywhere), resident memory per idle connection
// summed over the node's processes, then an open-loop QoS 1 load spread over every connection
// for a sustained period, with the node's memory sampled throughout. Stops by itself.
//
//   npx tsx bench/connections/run.ts [--connections 100000] [--workers 6] [--generators 8]
//                                    [--rate 10000] [--duration 600] [--in-flight 100] [--keepalive 300] [--hold 0]
//
// One process may hold 20,000 open files here, so the node is INGEST_WORKERS processes sharing the
// MQTT port, and the devices are --generators processes, each from its own 127.0.0.x address.
import { execSync, fork, type ChildProcess } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { freePort, repoRoot } from "@industryos/devstack";
import { scrapeSums } from "../shared/prometheus.ts";
import { percentile } from "../ingest/load.ts";
import { rssBytesOfTree } from "../ingest/proc-stats.ts";
import { seedDevices } from "../ingest/seed.ts";
import { benchRunDir, benchWorkDir, startBenchServices, startIngestProcess, stopChild } from "../ingest/services.ts";
import type { GeneratorCommand, GeneratorReply } from "./protocol.ts";

const { values: args } = parseArgs({
  options: {
    connections: { type: "string", default: "100000" },
    workers: { type: "string", default: "6" },
    generators: { type: "string", default: "8" },
    rate: { type: "string", default: "10000" },
    duration: { type: "string", default: "600" },
    "in-flight": { type: "string", default: "100" },
    keepalive: { type: "string", default: "300" },
    // Seconds to hold the idle connections before the load (to take heap snapshots meanwhile).
    hold: { type: "string", default: "0" },
  },
});
const connections = Number(args.connections);
const workers = Number(args.workers);
const generatorCount = Number(args.generators);
const rate = Number(args.rate);
const durationS = Number(args.duration);
const inFlight = Number(args["in-flight"]);
const keepaliveS = Number(args.keepalive);
for (const [name, value] of Object.entries({ connections, workers, generatorCount, rate, durationS, inFlight }))
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);

/** The issue's targets. */
const TARGET_BYTES_PER_CONNECTION = 20 * 1024;
const TARGET_TOTAL_BYTES = 2 * 1024 ** 3;
const TARGET_CONNECTS_PER_S = 5000;
/** Memory counts as flat when the middle and the end of the load are within this much above its start (GC and allocator noise). */
const FLAT_TOLERANCE = 0.1;

const dir = benchRunDir("connections");
const cleanups: (() => Promise<unknown>)[] = [];
const runStamp = new Date().toISOString().replace(/[:.]/g, "-");
const mib = (bytes: number) => Math.round(bytes / 1048576);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const verdict = (met: boolean) => (met ? "met" : "MISSED");

class Generator {
  private readonly replies: ((reply: GeneratorReply) => void)[] = [];
  constructor(
    readonly child: ChildProcess,
    readonly localAddress: string,
  ) {
    child.on("message", (reply: GeneratorReply) => this.replies.shift()?.(reply));
  }
  ask<T extends GeneratorReply["type"]>(command: GeneratorCommand): Promise<Extract<GeneratorReply, { type: T }>> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`generator ${this.localAddress} exited (${code})`));
      this.child.once("exit", onExit);
      this.replies.push((reply) => {
        this.child.off("exit", onExit);
        resolve(reply as Extract<GeneratorReply, { type: T }>);
      });
      this.child.send(command);
    });
  }
}

function startGenerator(index: number): Generator {
  const child = fork(join(import.meta.dirname, "generator.ts"), [], {
    cwd: repoRoot,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  cleanups.push(() => stopChild(child));
  // 127.0.0.1 is where the services listen; the devices come from .2, .3, ...
  return new Generator(child, `127.0.0.${index + 2}`);
}

async function main() {
  const started = Date.now();
  console.log(
    `${connections} connections, ${workers} ingest workers, ${generatorCount} generators; open files per process: ${execSync("ulimit -Hn", { shell: "/bin/sh" }).toString().trim()}`,
  );
  const services = await startBenchServices(dir);
  cleanups.push(() => services.stop());
  const seedStarted = performance.now();
  const { tokens } = await seedDevices(services.ownerUrl, connections);
  console.log(
    `provisioned ${connections} access-token devices in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
  );

  const [httpPort, mqttPort, wsPort, coapPort, lwm2mPort, metricsPort] = await Promise.all(
    Array.from({ length: 6 }, () => freePort()),
  );
  const ingest = await startIngestProcess(
    {
      ...services.appEnv,
      INGEST_HOST: "127.0.0.1",
      INGEST_HTTP_PORT: String(httpPort),
      MQTT_PORT: String(mqttPort),
      MQTT_WS_PORT: String(wsPort),
      COAP_PORT: String(coapPort),
      LWM2M_PORT: String(lwm2mPort),
      INGEST_METRICS_PORT: String(metricsPort),
      INGEST_WORKERS: String(workers),
      DEMO_SIMULATOR: "false",
      LOG_LEVEL: process.env.BENCH_INGEST_LOG_LEVEL ?? "warn",
      NODE_ENV: "production",
    },
    httpPort!,
  );
  cleanups.push(() => stopChild(ingest));
  const pid = ingest.pid!;
  const nodeRss = () => rssBytesOfTree(pid);
  const connectedGauge = async () =>
    (await scrapeSums(`http://127.0.0.1:${metricsPort}/metrics`, ["industryos_ingest_mqtt_connections"]))
      .industryos_ingest_mqtt_connections;

  const generators = Array.from({ length: generatorCount }, (_, i) => startGenerator(i));
  await sleep(3000); // the workers' start-up allocations settle before the baseline
  const rssBefore = nodeRss();
  console.log(`ingest node (supervisor + ${workers} workers) before any connection: ${mib(rssBefore)} MiB`);

  // Connect storm: every generator at once; the credentials are in PostgreSQL only (fresh Redis, fresh node).
  const share = Math.ceil(connections / generatorCount);
  const stormStarted = performance.now();
  const connected = await Promise.all(
    generators.map((g, i) =>
      g.ask<"connected">({
        type: "connect",
        host: "127.0.0.1",
        port: mqttPort!,
        localAddress: g.localAddress,
        tokens: tokens.slice(i * share, (i + 1) * share),
        inFlight,
        keepaliveS,
      }),
    ),
  );
  const stormSeconds = (performance.now() - stormStarted) / 1000;
  const held = connected.reduce((sum, c) => sum + c.connected, 0);
  const refused = connected.reduce((sum, c) => sum + c.failed, 0);
  const connectsPerS = Math.round(held / stormSeconds);
  console.log(
    `connect storm: ${held} connected, ${refused} failed${refused ? ` (first: ${connected.find((c) => c.firstError)?.firstError})` : ""} in ${stormSeconds.toFixed(1)} s`,
  );

  await sleep(10_000); // CONNACK follow-ups (downlink subscriptions, activity) finish
  const rssIdle = nodeRss();
  const bytesPerConnection = Math.round((rssIdle - rssBefore) / held);
  const brokerCount = await connectedGauge().catch(() => null);
  if (Number(args.hold) > 0) {
    console.log(`holding ${held} idle connections for ${args.hold} s (ingest pid ${pid})`);
    await sleep(Number(args.hold) * 1000);
  }

  // Sustained load over every connection; the node's memory sampled every 10 s.
  const rssSamples: { atS: number; mib: number }[] = [];
  const loadStarted = performance.now();
  const sampler = setInterval(
    () => rssSamples.push({ atS: Math.round((performance.now() - loadStarted) / 1000), mib: mib(nodeRss()) }),
    10_000,
  );
  const published = await Promise.all(
    generators.map((g) => g.ask<"published">({ type: "publish", rate: rate / generatorCount, durationS })),
  );
  clearInterval(sampler);
  const sent = published.reduce((sum, p) => sum + p.sent, 0);
  const acked = published.reduce((sum, p) => sum + p.acked, 0);
  const publishFailed = published.reduce((sum, p) => sum + p.failed, 0);
  const latencies = Float64Array.from(published.flatMap((p) => p.latencies)).sort();
  const stretches = Math.max(...published.map((p) => p.ackedPerStretch.length));
  const ackedPerSEvery10s = Array.from({ length: stretches }, (_, s) =>
    Math.round(published.reduce((sum, p) => sum + (p.ackedPerStretch[s] ?? 0), 0) / 10),
  );
  const stillConnected = await connectedGauge().catch(() => null);
  // Start: once every device has sent (its first message reads its profile, inserts its latest
  // values and its activity) and that backlog has drained; memory is judged from there on.
  const warmUpS = connections / rate + 30;
  const steady = rssSamples.filter((s) => s.atS >= warmUpS);
  const [loadStart, loadMiddle, loadEnd] = [steady[0], steady[Math.floor(steady.length / 2)], steady.at(-1)];
  const steadyStretches = ackedPerSEvery10s.filter((_, i) => i * 10 >= warmUpS);
  const afterWarmUp =
    steadyStretches.length === 0
      ? null
      : Math.round(steadyStretches.reduce((a, b) => a + b, 0) / steadyStretches.length);
  const flat =
    !!loadStart && !!loadEnd && Math.max(loadMiddle!.mib, loadEnd.mib) <= loadStart.mib * (1 + FLAT_TOLERANCE);
  await Promise.all(generators.map((g) => g.ask<"closed">({ type: "close" })));

  const report = {
    machine: {
      cpus: os.cpus().length,
      node: process.version,
      loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    },
    settings: { connections, workers, generators: generatorCount, rate, durationS, inFlight, keepaliveS },
    connectStorm: {
      connected: held,
      failed: refused,
      seconds: Number(stormSeconds.toFixed(1)),
      connectsPerS,
      target: `>= ${TARGET_CONNECTS_PER_S}/s`,
      verdict: verdict(connectsPerS >= TARGET_CONNECTS_PER_S),
    },
    idleMemory: {
      brokerReportsConnected: brokerCount,
      rssBeforeMiB: mib(rssBefore),
      rssWithConnectionsMiB: mib(rssIdle),
      bytesPerConnection,
      target: `<= ${TARGET_BYTES_PER_CONNECTION} B`,
      verdict: verdict(bytesPerConnection <= TARGET_BYTES_PER_CONNECTION),
      // The issue's "100,000 connections in under 2 GB": the whole node, its start-up memory included.
      totalTarget: `< ${mib(TARGET_TOTAL_BYTES)} MiB for ${connections}`,
      totalVerdict: verdict(rssIdle < TARGET_TOTAL_BYTES),
    },
    sustainedLoad: {
      offeredMsgPerS: rate,
      sentMsgPerS: Math.round(sent / durationS),
      deliveredMsgPerS: Math.round(acked / durationS),
      deliveredMsgPerSAfterWarmUp: afterWarmUp,
      failedPublishes: publishFailed,
      brokerReportsConnectedAfter: stillConnected,
      p50Ms: Number(percentile(latencies, 50).toFixed(1)),
      p99Ms: Number(percentile(latencies, 99).toFixed(1)),
      ackedPerSEvery10s,
      rssMiB: { warmUpS, start: loadStart?.mib, middle: loadMiddle?.mib, end: loadEnd?.mib },
      memoryFlat: flat,
      rssSamples,
    },
    elapsedS: Math.round((Date.now() - started) / 1000),
  };
  const out = join(benchWorkDir, `connections-${runStamp}.json`);
  writeFileSync(out, JSON.stringify(report, null, 2));

  const lines = [
    `\n=== ${held} MQTT connections on one ingest node (${workers} worker processes) ===`,
    `connect storm, credentials not cached: ${connectsPerS} connects/s (${held} in ${stormSeconds.toFixed(1)} s, ${refused} failed)   target >= ${TARGET_CONNECTS_PER_S}/s: ${report.connectStorm.verdict}`,
    `RSS per idle connection (all ${workers + 1} processes): ${bytesPerConnection} B   target <= ${TARGET_BYTES_PER_CONNECTION} B: ${report.idleMemory.verdict}`,
    `node RSS with ${held} connections: ${mib(rssIdle)} MiB (${mib(rssBefore)} MiB before any)   target < ${mib(TARGET_TOTAL_BYTES)} MiB: ${report.idleMemory.totalVerdict}`,
    `sustained ${rate} msg/s for ${durationS} s: delivered ${report.sustainedLoad.deliveredMsgPerS} msg/s, ${afterWarmUp ?? "-"} msg/s after the warm-up (sent ${report.sustainedLoad.sentMsgPerS}, ${publishFailed} failed, p50 ${report.sustainedLoad.p50Ms} ms, p99 ${report.sustainedLoad.p99Ms} ms)   target ${rate} msg/s after the warm-up: ${verdict((afterWarmUp ?? 0) >= rate * 0.99)}`,
    `node RSS under load (after ${warmUpS} s of warm-up, at ${rssSamples[0]?.mib} MiB 10 s in): start ${loadStart?.mib} MiB, middle ${loadMiddle?.mib} MiB, end ${loadEnd?.mib} MiB: ${flat ? "flat" : "GROWING"} (within ${FLAT_TOLERANCE * 100}%)`,
    `connections the broker reports: ${brokerCount} idle, ${stillConnected} after the load`,
    `report: ${out}`,
  ];
  console.log(lines.join("\n"));
}

async function cleanup() {
  for (const step of cleanups.reverse()) await step().catch((e: unknown) => console.error(e));
  rmSync(dir, { recursive: true, force: true });
}

// The load phase plus connecting, seeding and services: a run that hangs still ends.
const hardStop = setTimeout(
  () => {
    console.error("benchmark exceeded its time limit; stopping");
    void cleanup().finally(() => process.exit(2));
  },
  (durationS + 900) * 1000,
);
hardStop.unref();

main().then(
  () => cleanup().then(() => process.exit(0)),
  (error: unknown) => {
    console.error(error);
    void cleanup().finally(() => process.exit(1));
  },
);
