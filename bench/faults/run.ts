// Fault benchmark: steady MQTT QoS 1 load (per-device sequence numbers) through the real ingest,
// workers and web processes, run under the launcher's Supervisor, while one part of the platform
// fails; then every acknowledged message is looked up in the telemetry store. Scenarios, one after
// another: kill -9 of ingest, PostgreSQL restart, Redis restart, kill -9 of a workers process,
// kill -9 of the web process with a WebSocket client subscribed. Loopback only; stops by itself.
//
//   npx tsx bench/faults/run.ts [--scenario ingest-kill,postgres-restart,redis-restart,workers-kill,web-kill]
//                               [--duration 25] [--fault-at 5] [--devices 200] [--rate 3000]
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { parseArgs } from "node:util";
import pg from "pg";
import { Redis } from "ioredis";
import { WebSocket } from "ws";
import { ensureWebBuild, freePort, repoRoot, startPostgres, startRedis, waitForPort } from "@industryos/devstack";
import { migrate } from "@industryos/db";
import { Supervisor } from "@industryos/launcher";
import { RealtimeClient, type WebSocketLike } from "@industryos/realtime/client";
import { benchRunDir, benchWorkDir } from "../ingest/services.ts";
import { workersReadyWithoutTemporal } from "../shared/app-process.ts";
import { ruleEngineBacklog } from "../shared/rule-engine-backlog.ts";
import { Fleet } from "./fleet.ts";

const SCENARIOS = ["ingest-kill", "postgres-restart", "redis-restart", "workers-kill", "web-kill"] as const;
type ScenarioName = (typeof SCENARIOS)[number];

const { values: args } = parseArgs({
  options: {
    scenario: { type: "string", default: SCENARIOS.join(",") },
    duration: { type: "string", default: "25" },
    "fault-at": { type: "string", default: "5" },
    devices: { type: "string", default: "200" },
    rate: { type: "string", default: "3000" },
  },
});
const scenarios = args.scenario.split(",").map((s) => s.trim()) as ScenarioName[];
for (const s of scenarios) if (!SCENARIOS.includes(s)) throw new Error(`--scenario: one of ${SCENARIOS.join(", ")}`);
const durationS = Number(args.duration);
const faultAtS = Number(args["fault-at"]);
const deviceCount = Number(args.devices);
const rate = Number(args.rate);
if (!(durationS > faultAtS)) throw new Error("--duration must be longer than --fault-at");

const execFileAsync = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const dir = benchRunDir("faults");
const logDir = join(benchWorkDir, `faults-${stamp}`);
mkdirSync(logDir, { recursive: true });
const cleanups: (() => Promise<unknown>)[] = [];
const events: string[] = [];
const t0 = Date.now();
const log = (message: string) => {
  const line = `[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${message}`;
  events.push(line);
  console.log(line);
};

// ---------------------------------------------------------------------------------------------
// Services and processes

async function seed(ownerUrl: string, count: number) {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const tenant = await client.query<{ id: string }>(
      `INSERT INTO "Tenant"(name, "updatedAt") VALUES ('Faults bench', now()) RETURNING id`,
    );
    const tenantId = tenant.rows[0]!.id;
    const profile = await client.query<{ id: string }>(
      `INSERT INTO "DeviceProfile"("tenantId", name, "isDefault", "updatedAt") VALUES ($1, 'default', true, now()) RETURNING id`,
      [tenantId],
    );
    await client.query(
      `INSERT INTO "Device"("tenantId", "deviceProfileId", name, "updatedAt") SELECT $1, $2, 'fault-' || g, now() FROM generate_series(1, $3) g`,
      [tenantId, profile.rows[0]!.id, count],
    );
    await client.query(
      `INSERT INTO "DeviceCredential"("tenantId", "deviceId", type, "credentialsId", "updatedAt")
       SELECT "tenantId", id, 'ACCESS_TOKEN', 'faults-token-' || name, now() FROM "Device" WHERE "tenantId" = $1`,
      [tenantId],
    );
    const devices = await client.query<{ id: string; name: string }>(
      `SELECT id, name FROM "Device" WHERE "tenantId" = $1`,
      [tenantId],
    );
    const ids: string[] = [];
    for (const d of devices.rows) ids[Number(d.name.slice("fault-".length)) - 1] = d.id;
    // An API key for the WebSocket client, stored as the API stores one (SHA-256 of the key).
    const apiKey = `iok_${randomBytes(24).toString("hex")}`;
    await client.query(
      `INSERT INTO "ApiKey"("tenantId", name, "keyHash", prefix, scopes) VALUES ($1, 'faults bench', $2, $3, ARRAY['read'])`,
      [tenantId, createHash("sha256").update(apiKey).digest("hex"), apiKey.slice(0, 10)],
    );
    return { tenantId, ids, tokens: ids.map((_, i) => `faults-token-fault-${i + 1}`), apiKey };
  } finally {
    await client.end();
  }
}

/** An app as its package's start script runs it (`node ... --import tsx <entry>`), in its own process group. */
function startAppProcess(app: "ingest" | "workers" | "web", name: string, env: Record<string, string>): ChildProcess {
  const appDir = join(repoRoot, "apps", app);
  const script = (JSON.parse(readFileSync(join(appDir, "package.json"), "utf8")) as { scripts: { start: string } })
    .scripts.start;
  const [command, ...scriptArgs] = script.split(/\s+/);
  if (command !== "node") throw new Error(`expected apps/${app}'s start script to run node, found: ${script}`);
  const out = createWriteStream(join(logDir, `${name}.log`), { flags: "a" });
  const child = spawn(process.execPath, scriptArgs, {
    cwd: appDir,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return child;
}

async function waitHealthy(
  url: string,
  timeoutMs: number,
  ready: (status: number, body: string) => boolean = (s) => s === 200,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      async (r) => ready(r.status, await r.text()),
      () => false,
    );
    if (ok) return true;
    await sleep(200);
  }
  return false;
}

/** A production build of the console to serve; the one the tests or `npm start` built when present. */
async function webDistDir(): Promise<string> {
  for (const candidate of [".next-test", ".next"])
    if (existsSync(join(repoRoot, "apps", "web", candidate, "BUILD_ID"))) return candidate;
  return (await ensureWebBuild({ distDir: ".next-test", log: (m) => log(`[web build] ${m}`) })).distDir;
}

/** pg_ctl without blocking this process's event loop (the devices keep running meanwhile). */
function pgCtl(postgresPid: number, dataDir: string) {
  const bin = dirname(readlinkSync(`/proc/${postgresPid}/exe`));
  const asOwner = (pgArgs: string[]) =>
    process.getuid?.() === 0
      ? execFileAsync("runuser", ["-u", "postgres", "--", join(bin, "pg_ctl"), ...pgArgs])
      : execFileAsync(join(bin, "pg_ctl"), pgArgs);
  return {
    stop: () => asOwner(["-D", dataDir, "-m", "fast", "-w", "stop"]),
    start: (port: number) =>
      asOwner([
        "-D",
        dataDir,
        "-l",
        join(dataDir, "server.log"),
        "-w",
        "-t",
        "60",
        "-o",
        `-p ${port} -k ${join(dataDir, "socket")}`,
        "start",
      ]),
  };
}

// ---------------------------------------------------------------------------------------------
// Measurements

interface StoreCheck {
  acknowledged: number;
  stored: number;
  storedOfAcknowledged: number;
  lost: number;
  lostSample: { device: number; seq: number; sentAtS: number }[];
  duplicates: number;
  /** Stored although no PUBACK came (committed, then the connection or process went): fine for QoS 1. */
  storedWithoutAck: number;
  sent: number;
}

async function checkStore(ownerUrl: string, ids: string[], fleet: Fleet, base: number): Promise<StoreCheck> {
  const counts = fleet.counts();
  const maxSeq = Math.max(...counts.sent);
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ entity_id: string; seq: string; n: string }>(
      `SELECT entity_id, (floor(extract(epoch FROM ts) * 1000) - $1)::bigint::text AS seq, count(*)::text AS n
         FROM telemetry WHERE entity_id = ANY($2) AND ts > to_timestamp($1 / 1000.0) AND ts <= to_timestamp(($1 + $3) / 1000.0)
        GROUP BY 1, 2`,
      [base, ids, maxSeq],
    );
    const indexOf = new Map(ids.map((id, i) => [id, i]));
    const stored = ids.map(() => new Set<number>());
    let duplicates = 0;
    for (const r of rows) {
      stored[indexOf.get(r.entity_id)!]!.add(Number(r.seq));
      duplicates += Number(r.n) - 1;
    }
    let acknowledged = 0;
    let storedOfAcknowledged = 0;
    let storedTotal = 0;
    const lostSample: StoreCheck["lostSample"] = [];
    let lost = 0;
    counts.acked.forEach((acked, device) => {
      acknowledged += acked.size;
      storedTotal += stored[device]!.size;
      for (const seq of acked) {
        if (stored[device]!.has(seq)) storedOfAcknowledged++;
        else {
          lost++;
          if (lostSample.length < 20)
            lostSample.push({ device, seq, sentAtS: Number(((seq * ids.length) / rate).toFixed(2)) });
        }
      }
    });
    return {
      acknowledged,
      stored: storedTotal,
      storedOfAcknowledged,
      lost,
      lostSample,
      duplicates,
      storedWithoutAck: storedTotal - storedOfAcknowledged,
      sent: counts.sent.reduce((a, b) => a + b, 0),
    };
  } finally {
    await client.end();
  }
}

/**
 * From the acknowledgement timeline (100 ms buckets): when acknowledgements fell under half the
 * offered rate after the fault (a 300 ms stretch under half), and how long until a 500 ms stretch ran at
 * half the rate or more again. No dip within 3 s of the fault: recovery 0 (never interrupted).
 */
function ackRecovery(buckets: number[], faultMs: number, endMs: number) {
  const half = rate / 10 / 2;
  const at = (i: number) => buckets[i] ?? 0;
  const first = Math.floor(faultMs / 100) + 1;
  const last = Math.floor(endMs / 100);
  let dip = -1;
  for (let i = first; i <= Math.min(first + 30, last - 2); i++)
    if (at(i) + at(i + 1) + at(i + 2) < half * 3) {
      dip = i;
      break;
    }
  let longestGap = 0;
  let gap = 0;
  for (let i = first; i <= last; i++) {
    gap = at(i) === 0 ? gap + 1 : 0;
    longestGap = Math.max(longestGap, gap);
  }
  if (dip < 0) return { interrupted: false, recoveryMs: 0, longestZeroAckMs: longestGap * 100 };
  for (let j = dip + 1; j + 4 <= last; j++) {
    let sum = 0;
    for (let k = j; k < j + 5; k++) sum += at(k);
    if (sum >= half * 5)
      return { interrupted: true, recoveryMs: j * 100 - faultMs, longestZeroAckMs: longestGap * 100 };
  }
  return { interrupted: true, recoveryMs: null, longestZeroAckMs: longestGap * 100 };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const loadAverageAtStart = os.loadavg().map((l) => Number(l.toFixed(2)));
  log(`load average ${loadAverageAtStart.join(" ")} (${os.cpus().length} cores); scenarios: ${scenarios.join(", ")}`);

  // PostgreSQL with fsync on (real durability) and Redis with its append-only file, as `npm start` runs them.
  const pgPort = await freePort();
  const pgDataDir = join(dir, "pg");
  const postgres = await startPostgres({ dataDir: pgDataDir, port: pgPort, log: (m) => log(`[pg] ${m}`) });
  cleanups.push(() => postgres.stop());
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query("CREATE DATABASE industryos_faults");
  await admin.end();
  const postgresPid = () => Number(readFileSync(join(pgDataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  const pgControl = pgCtl(postgresPid(), pgDataDir);
  const ownerUrl = postgres.url.replace(/\/postgres$/, "/industryos_faults");
  await migrate({ ownerUrl, appPassword: "faults-app-password", systemPassword: "faults-system-password" });
  const { ids, tokens, apiKey } = await seed(ownerUrl, deviceCount);

  const redisPort = await freePort();
  const redisDir = join(dir, "redis");
  let redis = await startRedis({ dataDir: redisDir, port: redisPort, log: (m) => log(`[redis] ${m}`) });
  cleanups.push(() => redis.stop());

  const ports = Object.fromEntries(
    await Promise.all(
      [
        "WEB_PORT",
        "WEB_METRICS_PORT",
        "INGEST_HTTP_PORT",
        "INGEST_METRICS_PORT",
        "MQTT_PORT",
        "MQTT_TLS_PORT",
        "MQTT_WS_PORT",
        "COAP_PORT",
        "TEMPORAL",
        "A_HEALTH",
        "A_METRICS",
        "B_HEALTH",
        "B_METRICS",
      ].map(async (name) => [name, await freePort()] as const),
    ),
  ) as Record<string, number>;
  const env: Record<string, string> = {
    NODE_ENV: "production",
    DATABASE_URL: ownerUrl,
    DATABASE_APP_PASSWORD: "faults-app-password",
    DATABASE_SYSTEM_PASSWORD: "faults-system-password",
    REDIS_URL: redis.url,
    INGEST_HOST: "127.0.0.1",
    INGEST_HTTP_PORT: String(ports.INGEST_HTTP_PORT),
    INGEST_METRICS_PORT: String(ports.INGEST_METRICS_PORT),
    MQTT_PORT: String(ports.MQTT_PORT),
    MQTT_TLS_PORT: String(ports.MQTT_TLS_PORT),
    MQTT_WS_PORT: String(ports.MQTT_WS_PORT),
    COAP_PORT: String(ports.COAP_PORT),
    WEB_PORT: String(ports.WEB_PORT),
    WEB_METRICS_PORT: String(ports.WEB_METRICS_PORT),
    WEB_PUBLIC_URL: `http://127.0.0.1:${ports.WEB_PORT}`,
    // Nothing listens there: the rule engine runs without Temporal, as in the web tests' stack.
    TEMPORAL_ADDRESS: `127.0.0.1:${ports.TEMPORAL}`,
    // A dead consumer's entries are claimed after 5 s (30 s by default), to keep the run short.
    RULES_CLAIM_IDLE_MS: "5000",
    DEMO_SEED: "false",
    DEMO_SIMULATOR: "false",
    // The web process refuses to start without the key that seals tenants' secrets.
    SECRETS_KEY: randomBytes(32).toString("base64"),
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: process.env.BENCH_FAULTS_LOG_LEVEL ?? "warn",
  };

  // The launcher's supervisor: a process that dies is restarted after 1 s (doubling while it keeps dying).
  const supervisor = new Supervisor({ log: (m) => log(`[supervisor] ${m}`) });
  cleanups.push(() => supervisor.stop(5_000));
  const health = {
    ingest: `http://127.0.0.1:${ports.INGEST_HTTP_PORT}/healthz`,
    "workers-a": `http://127.0.0.1:${ports.A_HEALTH}/healthz`,
    "workers-b": `http://127.0.0.1:${ports.B_HEALTH}/healthz`,
    web: `http://127.0.0.1:${ports.WEB_PORT}/healthz`,
  };
  supervisor.add({ name: "ingest", start: () => startAppProcess("ingest", "ingest", env) });
  for (const [name, h, m] of [
    ["workers-a", ports.A_HEALTH, ports.A_METRICS],
    ["workers-b", ports.B_HEALTH, ports.B_METRICS],
  ] as const)
    supervisor.add({
      name,
      start: () =>
        startAppProcess("workers", name, { ...env, WORKERS_HEALTH_PORT: String(h), WORKERS_METRICS_PORT: String(m) }),
    });
  const withWeb = scenarios.includes("web-kill");
  if (withWeb) {
    const distDir = await webDistDir();
    log(`web: serving the console build in apps/web/${distDir}`);
    supervisor.add({ name: "web", start: () => startAppProcess("web", "web", { ...env, NEXT_DIST_DIR: distDir }) });
  }
  const allHealthy = async (timeoutMs: number) => {
    const checks = await Promise.all([
      waitHealthy(health.ingest, timeoutMs),
      waitHealthy(health["workers-a"], timeoutMs, workersReadyWithoutTemporal),
      waitHealthy(health["workers-b"], timeoutMs, workersReadyWithoutTemporal),
      withWeb ? waitHealthy(health.web, timeoutMs) : true,
    ]);
    return checks.every(Boolean);
  };
  if (!(await allHealthy(180_000))) throw new Error(`the processes did not become healthy; logs in ${logDir}`);
  log("ingest, workers-a, workers-b" + (withWeb ? ", web" : "") + " healthy");

  const fleet = new Fleet({ host: "127.0.0.1", port: ports.MQTT_PORT!, tokens });
  cleanups.push(async () => fleet.close());
  await fleet.connectAll();
  log(`${deviceCount} devices connected`);
  // Redis as the bench sees it (rule-engine backlog); reconnects by itself after a Redis restart.
  const observer = new Redis(redis.url, { maxRetriesPerRequest: 1, retryStrategy: () => 200 });
  observer.on("error", () => undefined);
  cleanups.push(async () => observer.disconnect());

  const results: Record<string, unknown>[] = [];
  for (const name of scenarios) {
    log(`=== ${name}: ${rate} msg/s over ${deviceCount} devices, fault at ${faultAtS} s, ${durationS} s ===`);
    const base = Date.now() - 3_600_000;
    fleet.startScenario(rate, base);
    const extra: Record<string, unknown> = {};
    let faultMs = 0;
    // What must hold before the load stops (the process back, the consumer or WebSocket resumed).
    let done: () => boolean = () => true;
    let stopSampling = () => {};
    // The scenario's recovery time when it is not the acknowledgements' (the consumer, the WebSocket).
    let recoveredAfterMs: (() => number | null) | undefined;
    let recoveryMeans = "acknowledgements flowing again (a 500 ms stretch at half the offered rate or more)";

    // Rule-engine backlog, sampled every 250 ms in every scenario (the workers scenario checks it).
    const samples: { ms: number; lag: number; pending: number; byConsumer: Map<string, number> }[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const ms = fleet.now();
        await ruleEngineBacklog(observer).then(
          (b) => samples.push({ ms, ...b }),
          () => undefined,
        );
        await sleep(250);
      }
    })();
    stopSampling = () => (sampling = false);

    // WebSocket client of the web process, subscribed to device 1's latest `seq`.
    let ws: RealtimeClient | undefined;
    const wsData: { ms: number; initial: boolean; seq: number | undefined }[] = [];
    const wsStatus: { ms: number; status: string }[] = [];
    if (name === "web-kill") {
      ws = new RealtimeClient({
        url: `ws://127.0.0.1:${ports.WEB_PORT}/api/ws`,
        auth: { apiKey },
        createSocket: (url) => new WebSocket(url, { perMessageDeflate: false }) as unknown as WebSocketLike,
        onStatus: (status) => wsStatus.push({ ms: fleet.now(), status }),
      });
      ws.subscribe(
        { type: "subscribeLatest", entity: { type: "DEVICE", id: ids[0]! }, keys: ["seq"] },
        {
          onData: (m) => {
            const point = m.data[ids[0]!]?.seq?.at(-1);
            wsData.push({ ms: fleet.now(), initial: m.initial === true, seq: point ? Number(point.value) : undefined });
          },
          onError: (e) => log(`websocket subscription error: ${JSON.stringify(e)}`),
        },
      );
    }

    await sleep(faultAtS * 1000);
    faultMs = fleet.now();
    if (name === "ingest-kill") {
      const pid = supervisor.child("ingest")!.pid!;
      process.kill(pid, "SIGKILL");
      log(`kill -9 ingest (pid ${pid})`);
      let backMs: number | null = null;
      let reconnectedMs: number | null = null;
      void waitHealthy(health.ingest, 90_000).then((ok) => ok && (backMs = Math.round(fleet.now() - faultMs)));
      const watch = setInterval(() => {
        if (reconnectedMs === null && backMs !== null && fleet.connected === deviceCount)
          reconnectedMs = Math.round(fleet.now() - faultMs);
      }, 50);
      done = () => reconnectedMs !== null;
      stopSampling = ((prev) => () => (prev(), clearInterval(watch)))(stopSampling);
      Object.defineProperty(extra, "ingestHealthyAgainAfterMs", { get: () => backMs, enumerable: true });
      Object.defineProperty(extra, "allDevicesReconnectedAfterMs", { get: () => reconnectedMs, enumerable: true });
    } else if (name === "postgres-restart") {
      log("pg_ctl stop -m fast");
      await pgControl.stop();
      const stoppedMs = fleet.now() - faultMs;
      log(`PostgreSQL stopped after ${Math.round(stoppedMs)} ms; pg_ctl start`);
      await pgControl.start(pgPort);
      const startedMs = fleet.now() - faultMs;
      log(`PostgreSQL accepting connections ${Math.round(startedMs)} ms after the fault`);
      Object.assign(extra, {
        postgresStoppedAfterMs: Math.round(stoppedMs),
        postgresUpAgainAfterMs: Math.round(startedMs),
      });
    } else if (name === "redis-restart") {
      log("stopping Redis (SIGTERM; the append-only file keeps the streams)");
      await redis.stop();
      const stoppedMs = fleet.now() - faultMs;
      redis = await startRedis({ dataDir: redisDir, port: redisPort, log: (m) => log(`[redis] ${m}`) });
      await waitForPort(redisPort, "127.0.0.1", 15_000, "Redis");
      const startedMs = fleet.now() - faultMs;
      log(`Redis up again ${Math.round(startedMs)} ms after the fault`);
      Object.assign(extra, { redisStoppedAfterMs: Math.round(stoppedMs), redisUpAgainAfterMs: Math.round(startedMs) });
    } else if (name === "workers-kill") {
      const pid = supervisor.child("workers-a")!.pid!;
      const before = samples.filter((s) => s.ms >= faultMs - 3000);
      const baseline = Math.max(0, ...before.map((s) => s.lag + s.pending));
      process.kill(pid, "SIGKILL");
      log(`kill -9 workers-a (pid ${pid}); rule-engine backlog before: up to ${baseline} entries`);
      const deadName = (s: (typeof samples)[number]) => [...s.byConsumer.keys()].find((n) => n.includes(`-${pid}-`));
      const threshold = Math.max(2 * baseline, 100);
      let resumedMs: number | null = null;
      let peak = 0;
      let deadPendingAtKill: number | null = null;
      done = () => {
        for (const s of samples) {
          if (s.ms < faultMs) continue;
          peak = Math.max(peak, s.lag + s.pending);
          const dead = deadName(s);
          const deadPending = dead ? (s.byConsumer.get(dead) ?? 0) : 0;
          deadPendingAtKill ??= deadPending;
          if (resumedMs === null && deadPending === 0 && s.lag + s.pending <= threshold && s.ms > faultMs + 1000)
            resumedMs = Math.round(s.ms - faultMs);
        }
        return resumedMs !== null;
      };
      recoveredAfterMs = () => resumedMs;
      recoveryMeans = `rule engine resumed: the killed consumer's pending entries acknowledged by another, backlog under ${threshold}`;
      Object.defineProperty(extra, "ruleEngine", {
        enumerable: true,
        get: () => ({
          backlogBeforeFault: baseline,
          pendingOfKilledConsumerAtKill: deadPendingAtKill,
          peakBacklogAfterFault: peak,
          resumedAfterMs: resumedMs,
          resumedMeans: `the killed consumer's pending entries all acknowledged by another and the backlog (lag + pending) back under ${threshold}`,
        }),
      });
    } else if (name === "web-kill") {
      const pid = supervisor.child("web")!.pid!;
      const before = wsData.filter((d) => !d.initial).length;
      process.kill(pid, "SIGKILL");
      log(`kill -9 web (pid ${pid}); the WebSocket client had received ${before} live updates`);
      let webBackMs: number | null = null;
      void waitHealthy(health.web, 90_000).then((ok) => ok && (webBackMs = Math.round(fleet.now() - faultMs)));
      const firstAfter = () =>
        wsData.find((d) => d.ms > faultMs && !d.initial && wsStatus.some((s) => s.ms > faultMs && s.status === "open"));
      done = () => firstAfter() !== undefined;
      recoveredAfterMs = () => {
        const resumed = firstAfter();
        return resumed ? Math.round(resumed.ms - faultMs) : null;
      };
      recoveryMeans = "WebSocket client reconnected, authenticated and received a live update again";
      Object.defineProperty(extra, "websocket", {
        enumerable: true,
        get: () => {
          const reopened = wsStatus.find((s) => s.ms > faultMs && s.status === "open");
          const resumed = firstAfter();
          return {
            webHealthyAgainAfterMs: webBackMs,
            liveUpdatesBeforeFault: before,
            statuses: wsStatus.filter((s) => s.ms > faultMs).map((s) => `${s.status}@${Math.round(s.ms - faultMs)}ms`),
            reconnectedAfterMs: reopened ? Math.round(reopened.ms - faultMs) : null,
            resumedAfterMs: resumed ? Math.round(resumed.ms - faultMs) : null,
            liveUpdatesAfterResume: resumed ? wsData.filter((d) => d.ms >= resumed.ms && !d.initial).length : 0,
            seqIncreasing: wsData
              .filter((d) => !d.initial && d.seq !== undefined)
              .every((d, i, all) => i === 0 || d.seq! >= all[i - 1]!.seq!),
          };
        },
      });
    }

    // The load runs its duration, longer (up to 90 s after the fault) until what the scenario waits for has happened.
    while (fleet.now() < durationS * 1000 || (!done() && fleet.now() < faultMs + 90_000)) await sleep(100);
    const endMs = fleet.now();
    const completed = done();
    const drain = await fleet.stopSending(20_000);
    let drainedRuleEngine: number | null = null;
    if (name === "workers-kill") {
      // Every entry processed once the load stops: lag and pending back to 0.
      const started = fleet.now();
      while (fleet.now() - started < 30_000) {
        const last = samples.at(-1);
        if (last && last.ms > started && last.lag + last.pending === 0) {
          drainedRuleEngine = Math.round(last.ms - started);
          break;
        }
        await sleep(250);
      }
    }
    stopSampling();
    await sampler;
    ws?.close();
    const store = await checkStore(ownerUrl, ids, fleet, base);
    const recovery = ackRecovery(fleet.ackBuckets, faultMs, endMs);
    const counts = fleet.counts();
    const lastSample = samples.at(-1);
    const passed =
      store.lost === 0 &&
      drain.unacked === 0 &&
      recovery.recoveryMs !== null &&
      completed &&
      (!recoveredAfterMs || recoveredAfterMs() !== null) &&
      (name !== "workers-kill" || drainedRuleEngine !== null);
    const result = {
      scenario: name,
      passed,
      acknowledged: store.acknowledged,
      stored: store.stored,
      lost: store.lost,
      duplicates: store.duplicates,
      recoveryMs: recoveredAfterMs
        ? recoveredAfterMs()
        : recovery.recoveryMs === null
          ? null
          : Math.round(recovery.recoveryMs),
      recoveryMeans,
      ackRecoveryMs: recovery.recoveryMs === null ? null : Math.round(recovery.recoveryMs),
      ackInterrupted: recovery.interrupted,
      longestZeroAckMs: recovery.longestZeroAckMs,
      sent: store.sent,
      storedWithoutAck: store.storedWithoutAck,
      sentOnNewConnection: counts.resent,
      ackedTwice: counts.ackedTwice,
      unackedAfterDrain: drain.unacked,
      drainMs: drain.drainedMs,
      faultAtMs: Math.round(faultMs),
      loadMs: Math.round(endMs),
      waitedForCompleted: completed,
      ruleEngineBacklogAtEnd: lastSample ? { lag: lastSample.lag, pending: lastSample.pending } : null,
      ruleEngineDrainedAfterLoadMs: name === "workers-kill" ? drainedRuleEngine : undefined,
      ...JSON.parse(JSON.stringify(extra)),
      lostSample: store.lostSample,
      acksPerSecond: Array.from({ length: Math.ceil(endMs / 1000) }, (_, s) =>
        fleet.ackBuckets.slice(s * 10, s * 10 + 10).reduce((a, b) => a + (b ?? 0), 0),
      ),
    };
    results.push(result);
    const { acksPerSecond, lostSample, ...shown } = result;
    console.log(JSON.stringify(shown, null, 2));
    console.log(`acks per second: ${acksPerSecond.join(" ")}`);
    if (lostSample.length) console.log(`lost (first ${lostSample.length}): ${JSON.stringify(lostSample)}`);

    // Everything back before the next scenario.
    if (!(await allHealthy(120_000))) log("WARNING: not every process is healthy again after 120 s");
    const reconnectDeadline = Date.now() + 30_000;
    while (fleet.connected < deviceCount && Date.now() < reconnectDeadline) await sleep(100);
    await sleep(1000);
  }

  const loadAverageAtEnd = os.loadavg().map((l) => Number(l.toFixed(2)));
  console.log("\n=== fault benchmark ===");
  console.table(
    results.map((r) => ({
      scenario: r.scenario,
      acknowledged: r.acknowledged,
      stored: r.stored,
      lost: r.lost,
      duplicates: r.duplicates,
      recoveryMs: r.recoveryMs,
      passed: r.passed,
    })),
  );
  const report = {
    when: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, loadAverageAtStart, loadAverageAtEnd },
    settings: { devices: deviceCount, rate, durationS, faultAtS },
    restarts: supervisor.restarts(),
    results,
    events,
  };
  const out = join(benchWorkDir, `faults-${stamp}.json`);
  writeFileSync(out, JSON.stringify(report, null, 2));
  console.log(
    `load average ${loadAverageAtStart.join(" ")} → ${loadAverageAtEnd.join(" ")}; restarts: ${JSON.stringify(supervisor.restarts())}`,
  );
  console.log(`report: ${out}; process logs: ${logDir}`);
  return results.every((r) => r.passed);
}

async function cleanup() {
  for (const step of cleanups.reverse()) await step().catch((e: unknown) => console.error(e));
  rmSync(dir, { recursive: true, force: true });
}

const hardStop = setTimeout(() => {
  console.error("fault benchmark exceeded 15 minutes; stopping");
  void cleanup().finally(() => process.exit(2));
}, 15 * 60_000);
hardStop.unref();

main().then(
  (ok) => cleanup().then(() => process.exit(ok ? 0 : 1)),
  (error: unknown) => {
    console.error(error);
    void cleanup().finally(() => process.exit(1));
  },
);
