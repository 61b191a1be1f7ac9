// OTA campaign benchmark: a fleet of simulated devices, all connected over MQTT, updated by one staged campaign
// (waves 1 → 10 → 50 → 100 %) through the real ingest, workers and API processes and a Temporal server, each device
// downloading the image in chunks over ThingsBoard's v2/fw topics and verifying it. Prints the campaign's duration,
// ingest's chunk throughput, the workers' CPU and memory, and the latency of console calls made meanwhile.
// Loopback only; stops by itself.
//
//   npx tsx bench/ota/run.ts [--devices 10000] [--image-kib 256] [--chunk 4096] [--rate 10000] [--timeout 1200]
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { databaseUrls, parseConfig } from "@industryos/config";
import { ensureTemporalTestServer, freePort, repoRoot, waitForPort } from "@industryos/devstack";
import { cpuOverWindow, cpuSeconds, cpuSecondsOfTree, rssBytes } from "../ingest/proc-stats.ts";
import { benchRunDir, benchWorkDir, startBenchServices, startIngestProcess, stopChild } from "../ingest/services.ts";
import { spawnApp, waitUntilHealthy } from "../shared/app-process.ts";
import { sampleConsoleLatency } from "./console-latency.ts";
import { OtaDevice, type DeviceStats } from "./ota-device.ts";
import { BENCH_EMAIL, BENCH_PASSWORD, seedOtaTenant } from "./seed.ts";

const { values: args } = parseArgs({
  options: {
    devices: { type: "string", default: "10000" },
    "image-kib": { type: "string", default: "256" },
    chunk: { type: "string", default: "4096" },
    rate: { type: "string", default: "10000" },
    timeout: { type: "string", default: "1200" },
  },
});
const devices = Number(args.devices);
const imageBytes = Number(args["image-kib"]) * 1024;
const chunkSize = Number(args.chunk);
const rate = Number(args.rate);
const timeoutS = Number(args.timeout);
if (![devices, imageBytes, chunkSize, rate, timeoutS].every((n) => n > 0))
  throw new Error("every option is a positive number");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cleanups: (() => Promise<unknown>)[] = [];
const runStamp = new Date().toISOString().replace(/[:.]/g, "-");

async function main() {
  console.log(
    `load average before the run: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} (${os.cpus().length} cores)`,
  );
  const services = await startBenchServices(benchRunDir("ota"));
  cleanups.push(() => services.stop());
  const urls = databaseUrls(parseConfig({ ...process.env, ...services.appEnv }));
  const { tokens } = await seedOtaTenant(services.ownerUrl, urls.app, urls.system, devices);

  const temporalPort = await freePort();
  const temporal = spawn(await ensureTemporalTestServer(), [String(temporalPort)], { stdio: "ignore" });
  cleanups.push(() => stopChild(temporal));
  await waitForPort(temporalPort, "127.0.0.1", 60_000, "the Temporal test server");

  const [httpPort, mqttPort, wsPort, coapPort, ingestMetricsPort, healthPort, workersMetricsPort, apiPort] =
    await Promise.all(Array.from({ length: 8 }, () => freePort()));
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const common = {
    ...services.appEnv,
    NODE_ENV: "production",
    DEMO_SEED: "false",
    DEMO_SIMULATOR: "false",
    SECRETS_KEY: randomBytes(32).toString("hex"),
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    TEMPORAL_TASK_QUEUE: `ota-bench-${Date.now()}`,
    LOG_LEVEL: "warn",
  };
  const ingest = await startIngestProcess(
    {
      ...common,
      INGEST_HOST: "127.0.0.1",
      INGEST_HTTP_PORT: String(httpPort),
      MQTT_PORT: String(mqttPort),
      MQTT_WS_PORT: String(wsPort),
      COAP_PORT: String(coapPort),
      INGEST_METRICS_PORT: String(ingestMetricsPort),
      INGEST_WORKERS: "1",
    },
    httpPort!,
  );
  cleanups.push(() => stopChild(ingest));
  const workers = spawnApp("workers", {
    ...common,
    WORKERS_HEALTH_PORT: String(healthPort),
    WORKERS_METRICS_PORT: String(workersMetricsPort),
  });
  cleanups.push(() => stopChild(workers));
  await waitUntilHealthy(workers, "workers", `http://127.0.0.1:${healthPort}/healthz`);
  const api = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "bench", "ota", "api-server.ts")], {
    cwd: repoRoot,
    env: { ...process.env, ...common, WEB_PORT: String(apiPort), WEB_PUBLIC_URL: apiUrl },
    stdio: ["ignore", "ignore", "inherit"],
  });
  cleanups.push(() => stopChild(api));
  await waitUntilHealthy(api, "API", `${apiUrl}/healthz`);
  console.log(`ingest (pid ${ingest.pid}), workers (pid ${workers.pid}) and the API (pid ${api.pid}) running`);

  const login = await fetch(`${apiUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: apiUrl },
    body: JSON.stringify({ email: BENCH_EMAIL, password: BENCH_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie()[0]!.split(";")[0]!;
  const call = async <T>(method: string, path: string, body?: string | FormData, json = true) => {
    const response = await fetch(`${apiUrl}/api/v1${path}`, {
      method,
      headers: { cookie, origin: apiUrl, ...(json && body ? { "content-type": "application/json" } : {}) },
      body,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };

  const image = randomBytes(imageBytes);
  const form = new FormData();
  form.append("title", "bench-fw");
  form.append("version", "2.0.0");
  form.append("type", "FIRMWARE");
  form.append("file", new Blob([image]), "bench-fw-2.0.0.bin");
  const uploadStarted = performance.now();
  const pkg = await call<{ id: string; checksum: string }>("POST", "/ota-packages", form, false);
  const uploadMs = performance.now() - uploadStarted;
  if (pkg.checksum !== createHash("sha256").update(image).digest("hex"))
    throw new Error("the package's checksum is wrong");
  const profileId = (await call<{ data: { id: string }[] }>("GET", "/device-profiles")).data[0]!.id;

  console.log(`connecting ${devices} devices...`);
  const stats: DeviceStats = { chunks: 0, bytes: 0, firstChunkAt: 0, lastChunkAt: 0 };
  const fleet: OtaDevice[] = [];
  const connectStarted = performance.now();
  for (let i = 0; i < tokens.length; i += 250) {
    const batch = tokens.slice(i, i + 250).map((token) => new OtaDevice(token, chunkSize, stats));
    await Promise.all(batch.map((d) => d.connect("127.0.0.1", mqttPort!)));
    fleet.push(...batch);
  }
  cleanups.push(async () => fleet.forEach((d) => d.close()));
  const connectS = (performance.now() - connectStarted) / 1000;
  // Connects are written within a second: every device counts as online when its wave starts.
  await sleep(3_000);

  let campaignId = "";
  const latency = sampleConsoleLatency(apiUrl, cookie, () => [
    ...(campaignId ? [`/api/v1/ota-campaigns/${campaignId}`] : []),
    "/api/v1/devices?pageSize=20",
  ]);
  const workersCpu = cpuOverWindow(workers.pid!, () => cpuSecondsOfTree(workers.pid!));
  const ingestCpu = cpuOverWindow(ingest.pid!, () => cpuSeconds(ingest.pid!));
  const postgresCpu = cpuOverWindow(services.postgresPid, () => cpuSecondsOfTree(services.postgresPid));
  let workersRssMax = 0;
  let ingestRssMax = 0;
  const rssTimer = setInterval(() => {
    try {
      workersRssMax = Math.max(workersRssMax, rssBytes(workers.pid!));
      ingestRssMax = Math.max(ingestRssMax, rssBytes(ingest.pid!));
    } catch {
      // a process that exited: its peak so far stands
    }
  }, 1_000);
  cleanups.push(async () => clearInterval(rssTimer));
  for (const window of [workersCpu, ingestCpu, postgresCpu]) window.onWindow("start");
  const started = performance.now();
  const created = await call<{ id: string }>(
    "POST",
    "/ota-campaigns",
    JSON.stringify({
      name: "Bench rollout",
      packageId: pkg.id,
      target: { deviceProfileId: profileId },
      waves: [1, 10, 50, 100],
      maxDevicesPerMinute: rate,
      deviceTimeoutSeconds: 900,
      failureThresholdPercent: 10,
    }),
  );
  campaignId = created.id;
  console.log(`campaign ${campaignId} started over ${devices} devices`);
  type Campaign = { status: string; progress: number; counts: Record<string, number>; currentWave: number };
  let campaign: Campaign;
  for (;;) {
    campaign = await call<Campaign>("GET", `/ota-campaigns/${campaignId}`);
    if (!["RUNNING", "PAUSED"].includes(campaign.status)) break;
    if ((performance.now() - started) / 1000 > timeoutS) {
      console.error(`the campaign did not end within ${timeoutS} s`);
      break;
    }
    process.stdout.write(
      `\r  ${((performance.now() - started) / 1000).toFixed(0)} s: wave ${campaign.currentWave + 1}, ${campaign.progress}% finished, ${campaign.counts.SUCCEEDED} updated, ${stats.chunks} chunks`,
    );
    await sleep(2_000);
  }
  const durationS = (performance.now() - started) / 1000;
  for (const window of [workersCpu, ingestCpu, postgresCpu]) window.onWindow("end");
  clearInterval(rssTimer);
  const console_ = await latency.stop();
  const updated = await Promise.race([
    Promise.all(fleet.map((d) => d.done)).then((states) => states.filter((s) => s === "UPDATED").length),
    sleep(5_000).then(() => -1),
  ]);
  const downloadS = (stats.lastChunkAt - stats.firstChunkAt) / 1000;
  const mib = (n: number) => n / 1048576;
  const report = {
    devices,
    imageBytes,
    chunkSize,
    maxDevicesPerMinute: rate,
    loadAverage: os.loadavg(),
    uploadMs: Math.round(uploadMs),
    connectS: Number(connectS.toFixed(1)),
    campaign: { status: campaign.status, durationS: Number(durationS.toFixed(1)), counts: campaign.counts },
    devicesVerifiedAndUpdated: updated,
    chunks: stats.chunks,
    chunkMiB: Number(mib(stats.bytes).toFixed(1)),
    downloadWindowS: Number(downloadS.toFixed(1)),
    chunkThroughputMiBPerS: Number((mib(stats.bytes) / downloadS).toFixed(2)),
    chunksPerS: Math.round(stats.chunks / downloadS),
    workersCpuPercent: Math.round(workersCpu.cores() * 100),
    workersRssMaxMiB: Math.round(mib(workersRssMax)),
    ingestCpuPercent: Math.round(ingestCpu.cores() * 100),
    ingestRssMaxMiB: Math.round(mib(ingestRssMax)),
    postgresCpuPercent: Math.round(postgresCpu.cores() * 100),
    console: console_,
  };
  console.log("\n");
  console.log(
    `campaign: ${report.campaign.status} in ${report.campaign.durationS} s over ${devices} devices (${JSON.stringify(campaign.counts)})`,
  );
  console.log(`devices that verified the checksum and reported UPDATED: ${updated}`);
  console.log(
    `chunks: ${report.chunks} (${report.chunkMiB} MiB) in ${report.downloadWindowS} s → ${report.chunkThroughputMiBPerS} MiB/s, ${report.chunksPerS} chunks/s through ingest`,
  );
  console.log(`workers: ${report.workersCpuPercent}% of a core, RSS max ${report.workersRssMaxMiB} MiB`);
  console.log(
    `ingest: ${report.ingestCpuPercent}% of a core, RSS max ${report.ingestRssMaxMiB} MiB; PostgreSQL ${report.postgresCpuPercent}%`,
  );
  console.log(
    `console API during the run: ${console_.calls} calls, p50 ${console_.p50Ms.toFixed(0)} ms, p95 ${console_.p95Ms.toFixed(0)} ms, max ${console_.maxMs.toFixed(0)} ms, ${console_.failures} failed`,
  );
  const file = join(benchWorkDir, `ota-${runStamp}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2));
  console.log(`report: ${file}`);
}

const hardStop = setTimeout(
  () => {
    console.error("hard time limit reached; stopping");
    void shutdown(1);
  },
  (timeoutS + 600) * 1000,
);
hardStop.unref();

async function shutdown(code: number) {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => console.error(e));
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void shutdown(130));

main().then(
  () => shutdown(0),
  (error: unknown) => {
    console.error(error);
    void shutdown(1);
  },
);
