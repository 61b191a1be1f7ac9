// Ingest benchmark: MQTT QoS 1 telemetry (5 keys per message, or --keys) through the real ingest process
// into PostgreSQL on this machine, then the same clients against Mosquitto (which persists
// nothing) as the ceiling. Stops by itself; everything listens on loopback only.
//
//   npx tsx bench/ingest/run.ts [--devices 1000] [--rates 10000] [--in-flight 5] [--duration 15]
//                               [--warmup 3] [--idle 10000] [--workers 1[,2]] [--rounds 3] [--skip-mosquitto] [--pg-log] [--client lean|mqttjs]
//                               [--pg-setting name=value ...]   (PostgreSQL settings to try, applied with ALTER SYSTEM; a restart when one needs it)
//                               [--keys 5]   (telemetry keys per message, capacity measured with the same messages)
//                               [--pin-generator]   (the generator on the last core, the servers on the others, in every round)
//                               [--overload-factor 10]   (capacity first, then one open-loop round at this multiple of it, then a closed loop again)
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { freePort, startPostgres, startRedis } from "@industryos/devstack";
import { migrate } from "@industryos/db";
import { runClosedLoop } from "./closed-loop.ts";
import {
  BASE_KEYS,
  clientKinds,
  closeAll,
  connectAll,
  percentile,
  runLoad,
  timeConnectAfter,
  type ClientKind,
  type LoadResult,
} from "./load.ts";
import { overloadVerdicts, type OpenLoopRound } from "./overload.ts";
import { cpuOverWindow, cpuSecondsOfTree, findPid, pinTree, rssBytesOfTree, waitUntilQuiet } from "./proc-stats.ts";
import { benchRunDir, benchWorkDir, startIngestProcess, startMosquitto, stopChild } from "./services.ts";
import { watchDiskStalls, type DiskStall } from "./disk-stalls.ts";
import { seedDevices } from "./seed.ts";
import { countDataPoints, telemetryStorage } from "./telemetry-count.ts";

const { values: args } = parseArgs({
  options: {
    devices: { type: "string", default: "1000" },
    rates: { type: "string", default: "10000" },
    "in-flight": { type: "string", default: "5" },
    duration: { type: "string", default: "15" },
    warmup: { type: "string", default: "3" },
    idle: { type: "string", default: "10000" },
    workers: { type: "string", default: "1" },
    rounds: { type: "string", default: "3" },
    "skip-mosquitto": { type: "boolean", default: false },
    "pg-log": { type: "boolean", default: false },
    "pg-setting": { type: "string", multiple: true, default: [] },
    client: { type: "string", default: "lean" },
    keys: { type: "string", default: String(BASE_KEYS) },
    "overload-factor": { type: "string" },
    "pin-generator": { type: "boolean", default: false },
  },
});
if (!clientKinds.includes(args.client as ClientKind))
  throw new Error(`--client must be one of ${clientKinds.join(", ")}`);
// The same client drives ingest and Mosquitto, so the comparison is broker against broker.
const client = args.client as ClientKind;
const devices = Number(args.devices);
const rates = args.rates.split(",").map(Number);
const inFlight = Number(args["in-flight"]);
const durationS = Number(args.duration);
const warmupS = Number(args.warmup);
const idle = Number(args.idle);
const workerCounts = args.workers.split(",").map(Number);
const rounds = Number(args.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error("--rounds must be a positive integer");
// More keys make each message cost ingest and PostgreSQL more, so the capacity in msg/s drops
// below what the generator can offer: how a 10x overload fits on the same cores.
const keys = Number(args.keys);
if (!Number.isInteger(keys) || keys < BASE_KEYS) throw new Error(`--keys must be an integer >= ${BASE_KEYS}`);
const overloadFactor = args["overload-factor"] === undefined ? undefined : Number(args["overload-factor"]);
if (overloadFactor !== undefined && !(overloadFactor > 0))
  throw new Error("--overload-factor must be a positive number");
// Devices are not on the broker's machine: pinned, the generator's CPU (which grows with the offered
// rate, ten times the capacity's under a 10x overload) is not taken from ingest and PostgreSQL. The
// capacity is measured pinned too, so an overload is still compared with the same machine.
const cores = os.cpus().length;
if (args["pin-generator"] && cores < 2) throw new Error("--pin-generator needs 2 cores or more");
const pinning = args["pin-generator"]
  ? { generator: String(cores - 1), servers: cores === 2 ? "0" : `0-${cores - 2}` }
  : undefined;
const pinServer = (pid: number) => pinning && pinTree(pid, pinning.servers);

const dir = benchRunDir("ingest");
const cleanups: (() => Promise<unknown>)[] = [];
const runStamp = new Date().toISOString().replace(/[:.]/g, "-");

/** CPU of ingest, PostgreSQL (postmaster and backends) and Redis over one window, % of one core each. */
function serverCpu(ingestPid: number, postgresPid: number, redisPid: number) {
  const windows = [
    cpuOverWindow(ingestPid, () => cpuSecondsOfTree(ingestPid)),
    cpuOverWindow(postgresPid, () => cpuSecondsOfTree(postgresPid)),
    cpuOverWindow(redisPid),
  ];
  return {
    onWindow: (edge: "start" | "end") => windows.forEach((w) => w.onWindow(edge)),
    percent: () => {
      const [ingest, postgres, redis] = windows.map((w) => Math.round(w.cores() * 100));
      return { ingest: ingest!, postgres: postgres!, redis: redis! };
    },
  };
}

function summarize(
  name: string,
  offered: number,
  result: LoadResult,
  cpu?: ReturnType<ReturnType<typeof serverCpu>["percent"]>,
  rss?: number,
) {
  const msgPerS = result.acked / result.windowS;
  // CPU time per acknowledged message: what bounds the closed loop on a machine of few cores.
  const microsPerMessage = (percent: number | undefined) =>
    percent === undefined || msgPerS === 0 ? null : Number((((percent / 100) * 1e6) / msgPerS).toFixed(1));
  return {
    target: name,
    offeredMsgPerS: offered === 0 ? null : offered,
    ackedMsgPerS: Math.round(result.acked / result.windowS),
    dataPointsPerS: Math.round((result.acked * keys) / result.windowS),
    sentInWindow: result.sent,
    // What the generator achieved: it may fall short of the offered rate.
    sentMsgPerS: Math.round(result.sent / result.windowS),
    p50Ms: Number(percentile(result.latenciesMs, 50).toFixed(1)),
    p95Ms: Number(percentile(result.latenciesMs, 95).toFixed(1)),
    p99Ms: Number(percentile(result.latenciesMs, 99).toFixed(1)),
    cpuPercentOfOneCore: cpu?.ingest ?? null,
    // Same machine: PostgreSQL and Redis do the storing and fan-out ingest asks of them.
    postgresCpuPercent: cpu?.postgres ?? null,
    redisCpuPercent: cpu?.redis ?? null,
    rssMiB: rss === undefined ? null : Math.round(rss / 1048576),
    // Same cores as the broker: what the generator takes, the system under test does not get.
    loadGeneratorCpuPercent: Math.round(result.loadGeneratorCpu * 100),
    cpuMicrosPerMessage: {
      ingest: microsPerMessage(cpu?.ingest),
      postgres: microsPerMessage(cpu?.postgres),
      redis: microsPerMessage(cpu?.redis),
      loadGenerator: microsPerMessage(result.loadGeneratorCpu * 100),
    },
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main() {
  const started = Date.now();
  const pgPort = await freePort();
  const startBenchPostgres = () =>
    startPostgres({ dataDir: join(dir, "pg"), port: pgPort, log: (m) => console.log(`[pg] ${m}`) });
  const postgres = await startBenchPostgres();
  cleanups.push(() => postgres.stop());
  let admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query("CREATE DATABASE industryos_bench");
  for (const setting of args["pg-setting"]) {
    const [, name, value] = /^([a-z_]+)=(.+)$/.exec(setting) ?? [];
    if (!name) throw new Error(`--pg-setting takes name=value, got "${setting}"`);
    await admin.query(`ALTER SYSTEM SET ${name} = ${pg.escapeLiteral(value!)}`);
  }
  if (args["pg-setting"].length > 0) {
    await admin.query("SELECT pg_reload_conf()");
    // Settings such as shared_buffers only take effect on restart; a reload would ignore them.
    const names = args["pg-setting"].map((setting) => setting.split("=")[0]!);
    const { rows } = await admin.query<{ name: string }>(
      "SELECT name FROM pg_settings WHERE context = 'postmaster' AND name = ANY($1)",
      [names],
    );
    if (rows.length > 0) {
      console.log(`restarting PostgreSQL for ${rows.map((r) => r.name).join(", ")}`);
      await admin.end();
      await postgres.stop();
      await startBenchPostgres();
      admin = new pg.Client({ connectionString: postgres.url });
      await admin.connect();
    }
  }
  if (args["pg-log"]) {
    // To line the latency tail up with what PostgreSQL was doing (slow COMMITs are WAL flushes).
    for (const setting of [
      "log_min_duration_statement = 30",
      "log_checkpoints = on",
      "log_autovacuum_min_duration = 0",
    ])
      await admin.query(`ALTER SYSTEM SET ${setting}`);
    await admin.query("SELECT pg_reload_conf()");
    cleanups.push(async () =>
      copyFileSync(join(dir, "pg", "server.log"), join(benchWorkDir, `ingest-${runStamp}-postgres.log`)),
    );
  }
  await admin.end();
  // WAL written per message, per closed-loop round (full-page images after a checkpoint show up here).
  const walStats = new pg.Client({ connectionString: postgres.url });
  await walStats.connect();
  cleanups.push(() => walStats.end());
  const walNow = async () => {
    const { rows } = await walStats.query<{ bytes: string; fpi: string }>(
      "SELECT wal_bytes::text AS bytes, wal_fpi::text AS fpi FROM pg_stat_wal",
    );
    return { bytes: Number(rows[0]!.bytes), fpi: Number(rows[0]!.fpi) };
  };
  const ownerUrl = postgres.url.replace(/\/postgres$/, "/industryos_bench");
  await migrate({ ownerUrl, appPassword: "bench-app-password", systemPassword: "bench-system-password" });
  // A few devices beyond the load's connect during each open-loop window (the overload check).
  const { tokens } = await seedDevices(ownerUrl, Math.max(devices + rates.length * workerCounts.length, idle));
  let probeToken = devices;

  const redisPort = await freePort();
  const redis = await startRedis({
    dataDir: join(dir, "redis"),
    port: redisPort,
    ephemeral: true,
    log: (m) => console.log(`[redis] ${m}`),
  });
  cleanups.push(() => redis.stop());

  const postgresPid = Number(readFileSync(join(dir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
  const redisPid = findPid(["redis-server", `:${redisPort}`]) ?? findPid(["redis-server", String(redisPort)]);
  if (!redisPid) throw new Error("cannot find the Redis server's process");
  if (pinning) {
    pinTree(process.pid, pinning.generator);
    pinServer(postgresPid);
    pinServer(redisPid);
  }
  // Up from the start: its closed-loop rounds alternate with ingest's (see below).
  let mosquittoUrl: string | undefined;
  if (!args["skip-mosquitto"]) {
    const mosquittoPort = await freePort();
    const mosquitto = await startMosquitto(dir, mosquittoPort);
    const mosquittoPid = findPid(["mosquitto", dir]);
    if (mosquittoPid) pinServer(mosquittoPid);
    cleanups.push(() => mosquitto.stop());
    mosquittoUrl = `mqtt://127.0.0.1:${mosquittoPort}`;
  }
  // Mosquitto's rounds also say how long they waited for ingest's servers to go quiet, and what CPU those servers took anyway.
  const results: (ReturnType<typeof summarize> & {
    waitedForQuietS?: number;
    idleServersCpuPercent?: ReturnType<ReturnType<typeof serverCpu>["percent"]>;
    walBytesPerMessage?: number;
    walFullPageImages?: number;
  })[] = [];
  const capacityRounds: {
    target: string;
    ingestMsgPerS: number;
    mosquittoMsgPerS: number | null;
    percent: number | null;
  }[] = [];
  const idleConnections: Record<string, unknown>[] = [];
  const tail: {
    target: string;
    windowOpenedAt?: string;
    slowStretches?: { atS: number; maxMs: number }[];
    diskStalls?: DiskStall[];
  }[] = [];
  const openLoopRounds: (OpenLoopRound & { workers: string })[] = [];
  const capacityByLabel = new Map<string, number>();
  // Per configuration: the closed loop's msg/s right after its overload rounds.
  const closedLoopAfter = new Map<string, number | null>();
  let ackedTotal = 0;
  let ackedEver = 0;
  const loadAverageAtStart = os.loadavg().map((l) => Number(l.toFixed(2)));
  console.log(
    `load average before the run: ${loadAverageAtStart.join(" ")} (${os.cpus().length} cores); load generator: ${client} client`,
  );

  // Each configuration gets a fresh ingest process (INGEST_WORKERS processes under one supervisor).
  for (const workers of workerCounts) {
    const label = `ingest, ${workers} worker${workers === 1 ? "" : "s"}`;
    const [httpPort, mqttPort, wsPort, coapPort, metricsPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const ingest = await startIngestProcess(
      {
        DATABASE_URL: ownerUrl,
        DATABASE_APP_PASSWORD: "bench-app-password",
        DATABASE_SYSTEM_PASSWORD: "bench-system-password",
        REDIS_URL: redis.url,
        INGEST_HOST: "127.0.0.1",
        INGEST_HTTP_PORT: String(httpPort),
        MQTT_PORT: String(mqttPort),
        MQTT_WS_PORT: String(wsPort),
        COAP_PORT: String(coapPort),
        INGEST_METRICS_PORT: String(metricsPort),
        INGEST_WORKERS: String(workers),
        DEMO_SIMULATOR: "false",
        LOG_LEVEL: process.env.BENCH_INGEST_LOG_LEVEL ?? "warn",
        NODE_ENV: "production",
      },
      httpPort,
    );
    cleanups.push(() => stopChild(ingest));
    const pid = ingest.pid!;
    pinServer(pid);
    const url = `mqtt://127.0.0.1:${mqttPort}`;

    // Resident memory per idle connection, first, while the processes are fresh (a loaded heap would hide it).
    if (idle > 0) {
      const rssBefore = rssBytesOfTree(pid);
      // Credentials are not cached yet: every CONNECT is looked up in PostgreSQL, as after a restart.
      const connectStarted = performance.now();
      const idleClients = await connectAll(url, tokens.slice(0, idle), client);
      const connectSeconds = (performance.now() - connectStarted) / 1000;
      await new Promise((r) => setTimeout(r, 3000));
      const rssAfter = rssBytesOfTree(pid);
      await closeAll(idleClients);
      idleConnections.push({
        target: label,
        connections: idle,
        rssBeforeMiB: Math.round(rssBefore / 1048576),
        rssAfterMiB: Math.round(rssAfter / 1048576),
        bytesPerConnection: Math.round((rssAfter - rssBefore) / idle),
        // 250 CONNECTs in flight at a time, the way a fleet comes back after an outage.
        connectsPerS: Math.round(idle / connectSeconds),
      });
      console.log(idleConnections.at(-1));
    }

    const openLoopRound = async (rate: number) => {
      const cpu = serverCpu(pid, postgresPid, redisPid);
      const disk = watchDiskStalls(join(dir, "pg"));
      // Halfway through the window a device that was not connected tries to.
      const connectProbe = timeConnectAfter(
        url,
        tokens[probeToken++]!,
        client,
        (warmupS + durationS / 2) * 1000 + devices, // connectAll of the load's devices first (~1 ms each)
      );
      // Ingest's memory through the round: bounded means it levels off, not that it stays under one number.
      const rssSamples: number[] = [];
      const rssSampler = setInterval(() => rssSamples.push(Math.round(rssBytesOfTree(pid) / 1048576)), 1000);
      const result = await runLoad({
        url,
        client,
        usernames: tokens.slice(0, devices),
        rate,
        keys,
        warmupS,
        durationS,
        onWindow: cpu.onWindow,
      });
      const diskStalls = disk
        .stop(Date.parse(result.windowOpenedAt ?? ""))
        ?.filter((s) => s.atS + s.ms / 1000 >= 0 && s.atS <= durationS); // those reaching into the window
      ackedTotal += result.acked;
      ackedEver += result.ackedEver;
      results.push(summarize(`${label} (persisted)`, rate, result, cpu.percent(), rssBytesOfTree(pid)));
      console.log(results.at(-1));
      clearInterval(rssSampler);
      const { ackedMsgPerS, sentMsgPerS, p99Ms, rssMiB } = results.at(-1)!;
      const connectDuringLoadMs = await connectProbe;
      openLoopRounds.push({
        workers: label,
        target: `${label}, ${rate} msg/s offered`,
        offeredMsgPerS: rate,
        sentMsgPerS,
        ackedMsgPerS,
        p99Ms,
        rssMiB,
        rssSamplesMiB: rssSamples,
        connectDuringLoadMs,
      });
      console.log(
        `  a new device's CONNACK halfway through the window: ${connectDuringLoadMs === null ? "refused or timed out" : `${connectDuringLoadMs} ms`}`,
      );
      tail.push({
        target: `${label}, ${rate} msg/s offered`,
        windowOpenedAt: result.windowOpenedAt,
        slowStretches: result.slowStretches,
        diskStalls,
      });
      console.log(
        `  100 ms stretches with a PUBACK over 100 ms: ${result.slowStretches?.map((s) => `${s.atS} s (${s.maxMs} ms)`).join(", ") || "none"}`,
      );
      console.log(
        `  disk (${disk.device ?? "not watchable"}) stalls of 100 ms or more, nothing completed: ${diskStalls?.map((s) => `${s.atS} s (${s.ms} ms)`).join(", ") || "none"}`,
      );
    };

    // Capacity: closed loop, each device keeping a few messages in flight. Rounds alternate
    // with Mosquitto's, so a stretch of machine noise weighs on both sides of the ratio.
    // `withMosquitto` false: the closed loop after an overload, which only says whether ingest serves again.
    const closedLoopRound = async (round: string, withMosquitto: boolean) => {
      const name = (target: string) => `${target}, closed loop ${inFlight} in flight/device${round}`;
      const cpu = serverCpu(pid, postgresPid, redisPid);
      const walBefore = await walNow();
      const result = await runClosedLoop({
        url,
        client,
        usernames: tokens.slice(0, devices),
        inFlight,
        keys,
        warmupS,
        durationS,
        onWindow: cpu.onWindow,
      });
      const walAfter = await walNow();
      ackedTotal += result.acked;
      ackedEver += result.ackedEver;
      results.push({
        ...summarize(name(`${label} (persisted)`), 0, result, cpu.percent(), rssBytesOfTree(pid)),
        // Over the whole round, warm-up and drain included.
        walBytesPerMessage: Math.round((walAfter.bytes - walBefore.bytes) / Math.max(1, result.ackedEver)),
        walFullPageImages: walAfter.fpi - walBefore.fpi,
      });
      console.log(results.at(-1));
      const ingestMsgPerS = results.at(-1)!.ackedMsgPerS;
      let mosquittoMsgPerS: number | null = null;
      if (mosquittoUrl && withMosquitto) {
        // Ingest idles meanwhile; PostgreSQL may still vacuum what the round wrote.
        const quietAfterS = await waitUntilQuiet([pid, postgresPid, redisPid]);
        const others = serverCpu(pid, postgresPid, redisPid);
        const ceiling = await runClosedLoop({
          url: mosquittoUrl,
          client,
          usernames: tokens.slice(0, devices),
          inFlight,
          keys,
          warmupS,
          durationS,
          onWindow: others.onWindow,
        });
        // The servers' CPU here is what they took from Mosquitto's round (expected: about none).
        results.push({
          ...summarize(name("mosquitto"), 0, ceiling),
          waitedForQuietS: quietAfterS,
          idleServersCpuPercent: others.percent(),
        });
        console.log(results.at(-1));
        mosquittoMsgPerS = results.at(-1)!.ackedMsgPerS;
      }
      const percent = mosquittoMsgPerS ? Number(((100 * ingestMsgPerS) / mosquittoMsgPerS).toFixed(1)) : null;
      if (withMosquitto) capacityRounds.push({ target: label, ingestMsgPerS, mosquittoMsgPerS, percent });
      return ingestMsgPerS;
    };
    const roundName = (round: number) => (rounds > 1 ? `, round ${round}` : "");

    if (overloadFactor === undefined) {
      // The open-loop rates first; the first closed-loop round after them also says whether ingest recovered.
      for (const rate of rates) await openLoopRound(rate);
      for (let round = 1; round <= rounds; round++) {
        const ingestMsgPerS = await closedLoopRound(roundName(round), true);
        if (round === 1) closedLoopAfter.set(label, ingestMsgPerS);
      }
    } else {
      // Capacity first (nothing before it to recover from), then the overload, then a closed loop again.
      for (let round = 1; round <= rounds; round++) await closedLoopRound(roundName(round), true);
      const capacity = median(capacityRounds.filter((r) => r.target === label).map((r) => r.ingestMsgPerS));
      await openLoopRound(Math.round(overloadFactor * capacity));
      // Its devices cannot connect when ingest has stopped accepting: that is "did not recover", not a crash of the bench.
      closedLoopAfter.set(
        label,
        await closedLoopRound(", after the overload", false).catch((error: unknown) => {
          console.log(`  the closed loop after the overload could not run: ${String(error)}`);
          return null;
        }),
      );
    }
    capacityByLabel.set(label, median(capacityRounds.filter((r) => r.target === label).map((r) => r.ingestMsgPerS)));
    await stopChild(ingest);
  }

  // Everything acknowledged must be in the database.
  const ownerPool = new pg.Pool({ connectionString: ownerUrl, max: 1 });
  const points = await countDataPoints(ownerPool);
  const storage = await telemetryStorage(ownerPool);
  await ownerPool.end();

  if (mosquittoUrl) {
    for (const rate of rates) {
      const result = await runLoad({
        url: mosquittoUrl,
        client,
        usernames: tokens.slice(0, devices),
        rate,
        keys,
        warmupS,
        durationS,
      });
      results.push(summarize("mosquitto (ceiling, persists nothing)", rate, result));
      console.log(results.at(-1));
    }
  }

  // The issue's comparison: ingest's persisted capacity against Mosquitto's (closed loop, same
  // clients), the median over the alternating rounds.
  const versusMosquitto = [...new Set(capacityRounds.map((r) => r.target))].map((target) => {
    const mine = capacityRounds.filter((r) => r.target === target);
    // Without Mosquitto (--skip-mosquitto) no round has a ratio.
    const percents = mine.flatMap((r) => (r.percent === null ? [] : [r.percent]));
    const compared = percents.length > 0;
    const percentOfMosquitto = compared ? Number(median(percents).toFixed(1)) : null;
    return {
      target,
      rounds: mine.map(({ ingestMsgPerS, mosquittoMsgPerS, percent }) => ({
        ingestMsgPerS,
        mosquittoMsgPerS,
        percent,
      })),
      ingestMsgPerS: Math.round(median(mine.map((r) => r.ingestMsgPerS))),
      mosquittoMsgPerS: compared ? Math.round(median(mine.map((r) => r.mosquittoMsgPerS!))) : null,
      percentOfMosquitto,
      target50Percent: percentOfMosquitto === null ? null : percentOfMosquitto >= 50 ? "met" : "missed",
    };
  });

  // Acknowledged messages whose points are not all stored (every message has `keys` distinct points).
  const lostMessages = Math.max(0, Math.ceil((ackedEver * keys - points) / keys));
  // Open-loop rounds at twice the capacity or more, against issue 23's overload targets.
  const overload = openLoopRounds.flatMap(({ workers, ...round }) =>
    overloadVerdicts([round], {
      capacityMsgPerS: capacityByLabel.get(workers) ?? 0,
      closedLoopAfterMsgPerS: closedLoopAfter.get(workers) ?? null,
      lostMessages,
    }),
  );
  const report = {
    versusMosquitto,
    overload,
    // Other work on the machine skews every figure: the load average says how busy it was.
    machine: {
      cpus: os.cpus().length,
      node: process.version,
      loadGenerator: client,
      loadAverageAtStart,
      loadAverageAtEnd: os.loadavg().map((l) => Number(l.toFixed(2))),
      postgresSettingsTried: args["pg-setting"],
      // taskset core lists, when --pin-generator kept the generator off the servers' cores.
      pinning: pinning ?? null,
    },
    devices,
    keysPerMessage: keys,
    durationS,
    results,
    // Every PUBACK ever received (warm-up and drain included) must be in the table, not only those in the windows.
    persistedCheck: {
      dataPointsInDatabase: points,
      dataPointsAcknowledgedInWindows: ackedTotal * keys,
      dataPointsAcknowledgedInTotal: ackedEver * keys,
      everyAckedPointStored: points >= ackedEver * keys,
      lostMessages,
      // What a point costs on disk: its row, and its entries in the telemetry indexes.
      heapBytesPerPoint: Number((storage.heapBytes / Math.max(1, points)).toFixed(1)),
      indexBytesPerPoint: Number((storage.indexBytes / Math.max(1, points)).toFixed(1)),
    },
    idleConnections,
    // Where in each open-loop window the slow acknowledgements came from (see README, "The tail").
    tail,
    elapsedS: Math.round((Date.now() - started) / 1000),
  };
  console.log(`\n=== ingest benchmark (load generator: ${client} client) ===`);
  console.table(results);
  console.log(
    JSON.stringify(
      {
        versusMosquitto,
        overload,
        persistedCheck: report.persistedCheck,
        idleConnections: report.idleConnections,
        machine: report.machine,
      },
      null,
      2,
    ),
  );
  const out = join(benchWorkDir, `ingest-${runStamp}.json`);
  writeFileSync(out, JSON.stringify(report, null, 2));
  console.log(`report: ${out}`);
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
