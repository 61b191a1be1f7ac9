// Rule-engine benchmark: MQTT QoS 1 telemetry through the real ingest process onto the
// rule-engine streams, consumed by the real workers process, each message through a five-node
// root chain (filter → enrich → script → threshold → create alarm). Prints the rule engine's
// throughput beside ingest's, the backlog every second, whether it stayed bounded, the alarms
// raised, CPU and memory, and (unless --skip-sandbox) sandboxed script evaluations/s. Loopback
// only; stops by itself.
//
//   npx tsx bench/rules/run.ts [--rates 10000] [--duration 30] [--warmup 5] [--devices 1000]
//                              [--limit 29.85] [--drain 60] [--client lean|mqttjs] [--workers 1] [--skip-sandbox]
//                              [--profile]
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { promisify, parseArgs } from "node:util";
import { Redis } from "ioredis";
import pg from "pg";
import { freePort, repoRoot } from "@industryos/devstack";
import { clientKinds, runLoad, telemetryMessage, type ClientKind } from "../ingest/load.ts";
import { cpuOverWindow, cpuSeconds, cpuSecondsOfTree } from "../ingest/proc-stats.ts";
import { seedDevices } from "../ingest/seed.ts";
import { benchRunDir, benchWorkDir, startBenchServices, startIngestProcess, stopChild } from "../ingest/services.ts";
import { nodeArgsFrom, spawnApp, waitUntilHealthy, workersReadyWithoutTemporal } from "../shared/app-process.ts";
import { scrapeSums } from "../shared/prometheus.ts";
import {
  drainFigures,
  lagRows,
  windowFigures,
  TARGET_MSG_PER_S,
  type DrainFigures,
  type LagRow,
  type WindowFigures,
} from "./analysis.ts";
import { countAlarms, installBenchChain } from "./chain.ts";
import { printRateReport } from "./print.ts";
import { summarizeProfile } from "./profile-summary.ts";
import { startSampler, type Sample } from "./sampler.ts";

const { values: args } = parseArgs({
  options: {
    rates: { type: "string", default: String(TARGET_MSG_PER_S) },
    duration: { type: "string", default: "30" },
    warmup: { type: "string", default: "5" },
    devices: { type: "string", default: "1000" },
    limit: { type: "string", default: "29.85" },
    drain: { type: "string", default: "60" },
    client: { type: "string", default: "lean" },
    workers: { type: "string", default: "1" },
    "skip-sandbox": { type: "boolean", default: false },
    profile: { type: "boolean", default: false },
  },
});
if (!clientKinds.includes(args.client as ClientKind))
  throw new Error(`--client must be one of ${clientKinds.join(", ")}`);
const rates = args.rates.split(",").map(Number);
const durationS = Number(args.duration);
const warmupS = Number(args.warmup);
const devices = Number(args.devices);
const limit = Number(args.limit);
const drainS = Number(args.drain);
const workerProcesses = Number(args.workers);
if (rates.some((r) => !(r > 0)) || !(durationS > 0) || !(devices > 0) || !Number.isFinite(limit))
  throw new Error("--rates, --duration and --devices must be positive numbers, --limit a number");
if (!Number.isInteger(workerProcesses) || workerProcesses < 1 || workerProcesses > 8)
  throw new Error("--workers must be a whole number from 1 to 8 (the rule engine has 8 partitions)");

const dir = benchRunDir("rules");
const cleanups: (() => Promise<unknown>)[] = [];
const runStamp = new Date().toISOString().replace(/[:.]/g, "-");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Share of the load generator's messages over the limit (its temperatures repeat every 100 messages). */
function shareOverLimit(): number {
  let over = 0;
  for (let i = 0; i < 100; i++)
    if ((JSON.parse(telemetryMessage(i, 0)) as { values: { temperature: number } }).values.temperature > limit) over++;
  return over / 100;
}

/** With --profile, the workers' CPU profile (written when they exit) goes here. */
const profileDir = join(benchWorkDir, `rules-${runStamp}-profile`);

/**
 * Starts the workers processes (`--workers`, each as `npm start` runs it, nothing configured to
 * share) and waits until they hold the 8 partitions between them, each its share (their leases).
 */
async function startWorkers(processes: { env: Record<string, string>; healthPort: number; metricsUrl: string }[]) {
  const profileArgs = args.profile ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const children = [];
  for (const { env, healthPort } of processes) {
    const child = spawnApp("workers", env, {
      nodeArgs: [...profileArgs, ...nodeArgsFrom("BENCH_WORKERS_NODE_ARGS")],
      stdout: process.env.BENCH_WORKERS_LOG_LEVEL ? "inherit" : "ignore",
    });
    cleanups.push(() => stopChild(child));
    await waitUntilHealthy(child, "workers", `http://127.0.0.1:${healthPort}/healthz`, workersReadyWithoutTemporal);
    children.push(child);
  }
  const share = Math.floor(8 / processes.length);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const owned = await Promise.all(
      processes.map(
        async ({ metricsUrl }) =>
          (await scrapeSums(metricsUrl, ["industryos_rule_engine_partitions_owned"]))
            .industryos_rule_engine_partitions_owned ?? 0,
      ),
    );
    if (owned.reduce((a, b) => a + b, 0) === 8 && owned.every((n) => n >= share)) break;
    if (Date.now() > deadline)
      throw new Error(`the workers did not share the 8 rule-engine partitions within 30 s (${owned.join(", ")})`);
    await sleep(200);
  }
  return children;
}

/** The sandbox's own figure (bench/rules/script-sandbox.ts), run after the processes stopped. */
async function sandboxFigures(): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", join(repoRoot, "bench", "rules", "script-sandbox.ts"), "--runs", "200000"],
    { cwd: repoRoot },
  );
  return stdout.trim();
}

async function main() {
  const started = Date.now();
  const loadAverageAtStart = os.loadavg().map((l) => Number(l.toFixed(2)));
  console.log(`load average before the run: ${loadAverageAtStart.join(" ")} (${os.cpus().length} cores)`);
  const services = await startBenchServices(dir);
  cleanups.push(() => services.stop());
  const { tenantId, tokens } = await seedDevices(services.ownerUrl, devices);
  await installBenchChain(services.ownerUrl, tenantId, limit);

  const [httpPort, mqttPort, wsPort, coapPort, lwm2mPort, ingestMetricsPort, temporalPort] = await Promise.all(
    Array.from({ length: 7 }, () => freePort()),
  );
  const workersPorts = await Promise.all(
    Array.from({ length: workerProcesses }, async () => ({ health: await freePort(), metrics: await freePort() })),
  );
  const common = {
    ...services.appEnv,
    NODE_ENV: "production",
    DEMO_SEED: "false",
    DEMO_SIMULATOR: "false",
    // The workers open stored secrets (webhook signing) with it; a throwaway one per run.
    SECRETS_KEY: randomBytes(32).toString("hex"),
  };
  const ingest = await startIngestProcess(
    {
      ...common,
      INGEST_HOST: "127.0.0.1",
      INGEST_HTTP_PORT: String(httpPort),
      MQTT_PORT: String(mqttPort),
      MQTT_WS_PORT: String(wsPort),
      COAP_PORT: String(coapPort),
      // Not ThingsBoard's 5685: an ingest running beside the benchmark (another checkout) holds it.
      LWM2M_PORT: String(lwm2mPort),
      INGEST_METRICS_PORT: String(ingestMetricsPort),
      INGEST_WORKERS: "1",
      LOG_LEVEL: process.env.BENCH_INGEST_LOG_LEVEL ?? "warn",
    },
    httpPort!,
  );
  cleanups.push(() => stopChild(ingest));
  const workersMetricsUrls = workersPorts.map(({ metrics }) => `http://127.0.0.1:${metrics}/metrics`);
  const workers = await startWorkers(
    workersPorts.map(({ health, metrics }, i) => ({
      env: {
        ...common,
        WORKERS_HEALTH_PORT: String(health),
        WORKERS_METRICS_PORT: String(metrics),
        // Nothing listens there: the rule engine runs without Temporal (no node of this chain needs it).
        TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
        LOG_LEVEL: process.env.BENCH_WORKERS_LOG_LEVEL ?? "warn",
      },
      healthPort: health,
      metricsUrl: workersMetricsUrls[i]!,
    })),
  );
  console.log(
    `ingest (pid ${ingest.pid}) and ${workers.length} workers process${workers.length > 1 ? "es" : ""} ` +
      `(pid ${workers.map((w) => w.pid).join(", ")}, the 8 partitions between them) running`,
  );
  let stopping = false;
  for (const [name, child] of [["ingest", ingest] as const, ...workers.map((w) => ["workers", w] as const)])
    child.once("exit", (code, signal) => {
      if (!stopping)
        console.error(`${name} exited during the run (code ${code}, signal ${signal}); its figures stop here`);
    });
  const redis = new Redis(services.redisUrl);
  cleanups.push(() => redis.quit());
  const postgres = new pg.Client({ connectionString: services.ownerUrl });
  await postgres.connect();
  cleanups.push(() => postgres.end());

  const results: (WindowFigures & {
    offeredMsgPerS: number;
    ackedMsgPerS: number;
    loadGeneratorCpuPercent: number;
    postgresCpuPercent: number;
    redisCpuPercent: number;
    drainedAfterS: number | null;
    drain: DrainFigures | null;
    lag: LagRow[];
  })[] = [];
  for (const rate of rates) {
    const sampler = startSampler({
      redis,
      postgres,
      ingestMetricsUrl: `http://127.0.0.1:${ingestMetricsPort}/metrics`,
      workersMetricsUrls,
      ingestPid: ingest.pid!,
      workersPids: workers.map((w) => w.pid!),
    });
    const loadStartS = (await sampler.now()).atS;
    console.log(`${rate} msg/s from ${devices} devices: ${warmupS} s warm-up, ${durationS} s measured, then the drain`);
    const edges: Partial<Record<"start" | "end", Promise<Sample>>> = {};
    const postgresCpu = cpuOverWindow(services.postgresPid, () => cpuSecondsOfTree(services.postgresPid));
    const redisCpu = cpuOverWindow(services.redisPid, () => cpuSeconds(services.redisPid));
    let loadStoppedAt = 0;
    const load = await runLoad({
      url: `mqtt://127.0.0.1:${mqttPort}`,
      client: args.client as ClientKind,
      usernames: tokens,
      rate,
      warmupS,
      durationS,
      onWindow(edge) {
        edges[edge] = sampler.now();
        postgresCpu.onWindow(edge);
        redisCpu.onWindow(edge);
        if (edge === "end") loadStoppedAt = performance.now();
      },
    });
    // The load has stopped (and its clients are gone): how long until the rule engine has finished
    // everything, and how fast does it go with ingest idle?
    let drainedAfterS: number | null = null;
    const drainStart = await sampler.now();
    let drainEnd = drainStart;
    while ((performance.now() - loadStoppedAt) / 1000 < drainS) {
      drainEnd = await sampler.now();
      if (drainEnd.backlogEntries === 0) {
        drainedAfterS = Number(((performance.now() - loadStoppedAt) / 1000).toFixed(1));
        break;
      }
      await sleep(250);
    }
    await sleep(1_100); // one more regular sample, after the drain
    const samples = sampler.stop();
    const [start, end] = [await edges.start!, await edges.end!];
    const inside = samples.filter((s) => s.atS > start.atS && s.atS < end.atS);
    results.push({
      offeredMsgPerS: rate,
      ackedMsgPerS: Math.round(load.acked / load.windowS),
      ...windowFigures(start, end, inside, rate),
      loadGeneratorCpuPercent: Math.round(load.loadGeneratorCpu * 100),
      postgresCpuPercent: Math.round(postgresCpu.cores() * 100),
      redisCpuPercent: Math.round(redisCpu.cores() * 100),
      drainedAfterS,
      drain: drainFigures(drainStart, drainEnd),
      lag: lagRows(samples, loadStartS),
    });
    printRateReport(results.at(-1)!, { warmupS, durationS, drainS, devices });
  }

  const alarms = await countAlarms(services.ownerUrl);
  const share = shareOverLimit();
  console.log(
    `\nalarms created: ${alarms} (expected ${Math.round(devices * share)}: the devices whose temperature is over their limit ${limit}; ${(share * 100).toFixed(0)}% of messages raise or update one)`,
  );
  // SIGTERM: the workers finish their entries in hand and exit (and write their --cpu-prof profile).
  stopping = true;
  await Promise.all(workers.map((w) => stopChild(w)));
  await stopChild(ingest);
  const profile = args.profile ? summarizeProfile(profileDir) : null;
  if (profile) {
    console.log(
      `\nworkers CPU profile (start-up to exit, ${profile.busyS} s busy; ${profile.file}), self time by place:`,
    );
    for (const [place, percent] of profile.places) console.log(`  ${String(percent).padStart(5)}%  ${place}`);
  }
  const sandbox = args["skip-sandbox"] ? null : await sandboxFigures();
  if (sandbox) console.log(`\nsandboxed script evaluations (bench/rules/script-sandbox.ts):\n${sandbox}`);

  const report = {
    machine: {
      cpus: os.cpus().length,
      node: process.version,
      loadAverageAtStart,
      loadAverageAtEnd: os.loadavg().map((l) => Number(l.toFixed(2))),
    },
    devices,
    workerProcesses,
    durationS,
    warmupS,
    temperatureLimit: limit,
    results,
    alarmsCreated: alarms,
    alarmsExpected: Math.round(devices * share),
    sandbox,
    profile,
    elapsedS: Math.round((Date.now() - started) / 1000),
  };
  const out = join(benchWorkDir, `rules-${runStamp}.json`);
  writeFileSync(out, JSON.stringify(report, null, 2));
  console.log(`\nload average after the run: ${report.machine.loadAverageAtEnd.join(" ")}; report: ${out}`);
}

async function cleanup() {
  for (const step of cleanups.reverse()) await step().catch((e: unknown) => console.error(e));
  rmSync(dir, { recursive: true, force: true });
}

const hardStop = setTimeout(() => {
  console.error("benchmark exceeded 15 minutes; stopping");
  void cleanup().finally(() => process.exit(2));
}, 15 * 60_000);
hardStop.unref();

main().then(
  () => cleanup().then(() => process.exit(0)),
  (error: unknown) => {
    console.error(error);
    void cleanup().finally(() => process.exit(1));
  },
);
