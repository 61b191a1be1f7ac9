// Notification benchmark (issue #21): integrator webhook deliveries per second with 1,000
// subscriptions and telemetry flowing, and the time from an alarm to its first notification.
// MQTT QoS 1 telemetry through the real ingest process onto the rule-engine streams; the real
// workers process runs each tenant's alarm chain (bench/rules' five nodes) and dispatches webhooks
// to a local receiver (in this process) that checks every signature; with a Temporal dev server, each
// alarm also becomes an in-app notification through the notification center. Prints the figures beside
// the targets (≥ 2,000 deliveries/s, alarm → notification p99 < 2 s). Loopback only; stops by itself.
//
//   npx tsx bench/notify/run.ts [--tenants 100] [--devices-per-tenant 10] [--webhooks-per-tenant 10]
//                               [--rates 250] [--duration 30] [--warmup 5] [--drain 60] [--limit 29.85]
//                               [--alarms 40] [--in-app yes|no]
import { rmSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import pg from "pg";
import { startWebhookReceiver } from "@industryos/api/testing";
import { freePort, startTemporalDevServer } from "@industryos/devstack";
import { generateSecretKey } from "@industryos/runtime";
import { clientKinds, runLoad, type ClientKind } from "../ingest/load.ts";
import { cpuOverWindow, cpuSeconds, cpuSecondsOfTree } from "../ingest/proc-stats.ts";
import { seedDevices } from "../ingest/seed.ts";
import { benchRunDir, startBenchServices, startIngestProcess, stopChild } from "../ingest/services.ts";
import { installBenchChain } from "../rules/chain.ts";
import { nodeArgsFrom, spawnApp, waitUntilHealthy, workersReadyWithoutTemporal } from "../shared/app-process.ts";
import { scrapeSums } from "../shared/prometheus.ts";
import { ruleEngineBacklog } from "../shared/rule-engine-backlog.ts";
import { startAlarmProbes } from "./alarm-probes.ts";
import { installInAppRules, listenForInApp } from "./in-app.ts";
import { latencyRecorder } from "./latency.ts";
import { installSubscriptions } from "./subscriptions.ts";

/** Issue #21's targets on this machine. */
const TARGET_DELIVERIES_PER_S = 2_000;
const TARGET_ALARM_P99_MS = 2_000;

const { values: args } = parseArgs({
  options: {
    tenants: { type: "string", default: "100" },
    "devices-per-tenant": { type: "string", default: "10" },
    "webhooks-per-tenant": { type: "string", default: "10" },
    rates: { type: "string", default: "250" },
    duration: { type: "string", default: "30" },
    warmup: { type: "string", default: "5" },
    drain: { type: "string", default: "60" },
    // As bench/rules: 1% of the load's messages are over it, each device's first such message raises its alarm.
    limit: { type: "string", default: "29.85" },
    // Alarms raised on purpose during each measured window (alarm-probes.ts), spread over the tenants.
    alarms: { type: "string", default: "40" },
    client: { type: "string", default: "lean" },
    // Alarm → in-app notification through the notification center (a Temporal dev server runs beside).
    "in-app": { type: "string", default: "yes" },
  },
});
const tenants = Number(args.tenants);
const devicesPerTenant = Number(args["devices-per-tenant"]);
const webhooksPerTenant = Number(args["webhooks-per-tenant"]);
const alarmProbes = Number(args.alarms);
const rates = args.rates.split(",").map(Number);
const [durationS, warmupS, drainS, limit] = [args.duration, args.warmup, args.drain, args.limit].map(Number) as [
  number,
  number,
  number,
  number,
];
if ([tenants, devicesPerTenant, durationS, ...rates].some((n) => !(n > 0)) || !(webhooksPerTenant >= 0))
  throw new Error(
    "--tenants, --devices-per-tenant, --rates and --duration must be positive, --webhooks-per-tenant ≥ 0",
  );
if (args["in-app"] !== "yes" && args["in-app"] !== "no") throw new Error("--in-app must be yes or no");
const inApp = args["in-app"] === "yes";
if (!clientKinds.includes(args.client as ClientKind))
  throw new Error(`--client must be one of ${clientKinds.join(", ")}`);

const dir = benchRunDir("notify");
const cleanups: (() => Promise<unknown>)[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number) => (Number.isFinite(n) ? Math.round(n) : "—");

async function main() {
  // Other work on the machine takes the cores these processes need: say how busy it was.
  console.log(
    `load average before the run: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} (${os.cpus().length} cores)`,
  );
  const services = await startBenchServices(dir);
  cleanups.push(() => services.stop());

  // Tenants with devices and the alarm chain (an alarm per device once its temperature passes --limit).
  const tenantIds: string[] = [];
  const tokens: string[] = [];
  // Per rate, probe devices of their own: a device raises its alarm once.
  const probesPerTenant = Math.ceil((alarmProbes * rates.length) / tenants);
  const probeTokens: string[] = [];
  for (let t = 0; t < tenants; t++) {
    const seeded = await seedDevices(services.ownerUrl, devicesPerTenant + probesPerTenant, `notify-${t}`);
    await installBenchChain(services.ownerUrl, seeded.tenantId, limit);
    tenantIds.push(seeded.tenantId);
    tokens.push(...seeded.tokens.slice(0, devicesPerTenant));
    probeTokens.push(...seeded.tokens.slice(devicesPerTenant));
  }
  // Taken round the tenants, so each rate's probes are spread over them.
  const probeOrder = Array.from({ length: probesPerTenant }, (_, p) =>
    Array.from({ length: tenants }, (_, t) => probeTokens[t * probesPerTenant + p]!),
  ).flat();

  // The integrators' endpoint: counts, checks signatures, and times telemetry and alarm events.
  const telemetryLatency = latencyRecorder();
  const alarmLatency = latencyRecorder();
  const receiver = await startWebhookReceiver({
    countOnly: true,
    answer(delivery) {
      // `createdAt`: when the platform had the event — ingest's receipt of the telemetry; for an alarm,
      // its creation by the chain (the alarm's row committed, its event appended).
      const since = delivery.receivedAt - Date.parse((JSON.parse(delivery.body) as { createdAt: string }).createdAt);
      if (delivery.event === "telemetry") telemetryLatency.add(since);
      if (delivery.event === "alarm.created") alarmLatency.add(since);
      return 200;
    },
  });
  cleanups.push(() => receiver.close());
  const secretsKey = generateSecretKey();
  const subscriptions = await installSubscriptions(
    services.ownerUrl,
    tenantIds,
    webhooksPerTenant,
    receiver.url,
    secretsKey,
  );
  for (const s of subscriptions) receiver.secrets.set(s.path, s.secret);
  if (inApp) await installInAppRules(services.ownerUrl, tenantIds);
  const inAppPushes = inApp ? await listenForInApp(services.redisUrl) : null;
  if (inAppPushes) cleanups.push(() => inAppPushes.close());
  console.log(
    `${tenants} tenants × ${devicesPerTenant} devices, ${subscriptions.length} webhook subscriptions ` +
      `(each telemetry message → ${webhooksPerTenant} deliveries; one webhook per tenant also gets alarm.created)`,
  );

  const [httpPort, mqttPort, wsPort, coapPort, ingestMetricsPort, healthPort, metricsPort, temporalPort] =
    await Promise.all(Array.from({ length: 8 }, () => freePort()));
  if (inApp) {
    const temporal = await startTemporalDevServer({ port: temporalPort!, log: (m) => console.log(`[temporal] ${m}`) });
    cleanups.push(() => temporal.stop());
  }
  const common = {
    ...services.appEnv,
    NODE_ENV: "production",
    DEMO_SEED: "false",
    DEMO_SIMULATOR: "false",
    SECRETS_KEY: secretsKey,
    WEBHOOKS_ALLOW_PRIVATE_NETWORKS: "true",
  };
  const ingest = await startIngestProcess(
    {
      ...common,
      INGEST_HOST: "127.0.0.1",
      INGEST_HTTP_PORT: String(httpPort),
      MQTT_PORT: String(mqttPort),
      MQTT_WS_PORT: String(wsPort),
      COAP_PORT: String(coapPort),
      // No LwM2M here; its fixed default port (5685) may be another ingest's on this machine.
      LWM2M_PORT: "0",
      INGEST_METRICS_PORT: String(ingestMetricsPort),
      INGEST_WORKERS: "1",
      LOG_LEVEL: process.env.BENCH_INGEST_LOG_LEVEL ?? "warn",
    },
    httpPort!,
  );
  cleanups.push(() => stopChild(ingest));
  const workers = spawnApp(
    "workers",
    {
      ...common,
      WORKERS_HEALTH_PORT: String(healthPort),
      WORKERS_METRICS_PORT: String(metricsPort),
      // The notification center's workflows run there (--in-app yes); every receiver answers 200, so
      // no webhook retry goes to Temporal. With --in-app no nothing listens there.
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
      LOG_LEVEL: process.env.BENCH_WORKERS_LOG_LEVEL ?? "warn",
    },
    // BENCH_WORKERS_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": where the workers' CPU goes.
    {
      stdout: process.env.BENCH_WORKERS_LOG_LEVEL ? "inherit" : "ignore",
      nodeArgs: nodeArgsFrom("BENCH_WORKERS_NODE_ARGS"),
    },
  );
  cleanups.push(() => stopChild(workers));
  await waitUntilHealthy(
    workers,
    "workers",
    `http://127.0.0.1:${healthPort}/healthz`,
    inApp ? undefined : workersReadyWithoutTemporal,
  );
  const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  const created = async () =>
    (await scrapeSums(metricsUrl, ["industryos_webhook_deliveries_created_total"]))
      .industryos_webhook_deliveries_created_total ?? 0;
  // One process takes all 8 rule-engine partitions (its leases) shortly after starting.
  const deadline = Date.now() + 30_000;
  while (
    (await scrapeSums(metricsUrl, ["industryos_rule_engine_partitions_owned"]))
      .industryos_rule_engine_partitions_owned !== 8
  ) {
    if (Date.now() > deadline) throw new Error("the workers did not take the 8 rule-engine partitions within 30 s");
    await sleep(200);
  }
  // The Temporal worker bundles its workflows first (seconds of CPU): not inside the measured window.
  while (
    inApp &&
    (await scrapeSums(metricsUrl, ["industryos_workers_temporal_worker_running"]))
      .industryos_workers_temporal_worker_running !== 1
  ) {
    if (Date.now() > deadline + 60_000) throw new Error("the workers' Temporal worker did not start within 90 s");
    await sleep(500);
  }

  const redis = new Redis(services.redisUrl);
  cleanups.push(() => redis.quit());
  /** Stream entries the rule engine (and so the dispatcher) has not finished. */
  const entriesBehind = async () => {
    const backlog = await ruleEngineBacklog(redis);
    return backlog.lag + backlog.pending;
  };

  for (const [rateIndex, rate] of rates.entries()) {
    console.log(`\n${rate} msg/s from ${tokens.length} devices: ${warmupS} s warm-up, ${durationS} s measured`);
    const edges: Record<string, { at: number; received: number; created: number }> = {};
    const workersCpu = cpuOverWindow(workers.pid!, () => cpuSeconds(workers.pid!));
    const postgresCpu = cpuOverWindow(services.postgresPid, () => cpuSecondsOfTree(services.postgresPid));
    const perSecond: number[] = [];
    let last = receiver.counts.received;
    const ticker = setInterval(() => {
      perSecond.push(receiver.counts.received - last);
      last = receiver.counts.received;
    }, 1_000);
    const pending: Promise<void>[] = [];
    const alarmsBefore = alarmLatency.summary().count;
    const inAppBefore = inAppPushes?.count ?? 0;
    let probes: ReturnType<typeof startAlarmProbes> | undefined;
    const load = await runLoad({
      url: `mqtt://127.0.0.1:${mqttPort}`,
      client: args.client as ClientKind,
      usernames: tokens,
      rate,
      warmupS,
      durationS,
      onWindow(edge) {
        const received = receiver.counts.received;
        const at = performance.now();
        workersCpu.onWindow(edge);
        postgresCpu.onWindow(edge);
        if (edge === "start")
          probes = startAlarmProbes({
            ingestUrl: `http://127.0.0.1:${httpPort}`,
            tokens: probeOrder.slice(rateIndex * alarmProbes, (rateIndex + 1) * alarmProbes),
            spreadMs: durationS * 1_000,
            temperature: limit + 10,
          });
        pending.push(created().then((c) => void (edges[edge] = { at, received, created: c })));
      },
    });
    await Promise.all(pending);
    const windowS = (edges.end!.at - edges.start!.at) / 1_000;
    const backlogAtEnd = edges.end!.created - edges.end!.received;
    const entriesAtEnd = await entriesBehind();
    const stoppedAt = performance.now();
    let drainedAfterS: number | null = null;
    while ((performance.now() - stoppedAt) / 1_000 < drainS) {
      if ((await entriesBehind()) === 0 && receiver.counts.received >= (await created())) {
        drainedAfterS = Number(((performance.now() - stoppedAt) / 1_000).toFixed(1));
        break;
      }
      await sleep(250);
    }
    clearInterval(ticker);
    probes?.stop();
    const delivered = (edges.end!.received - edges.start!.received) / windowS;
    const recorded = (edges.end!.created - edges.start!.created) / windowS;
    const t = telemetryLatency.summary();
    console.log(`  telemetry acknowledged by ingest: ${round(load.acked / load.windowS)} msg/s`);
    console.log(`  deliveries recorded:             ${round(recorded)}/s`);
    console.log(
      `  deliveries received (signed OK):  ${round(delivered)}/s   target ≥ ${TARGET_DELIVERIES_PER_S}/s  ${delivered >= TARGET_DELIVERIES_PER_S ? "met" : "NOT met"}`,
    );
    console.log(`  received per second:             ${perSecond.join(" ")}`);
    console.log(
      `  at the window's end: ${entriesAtEnd} stream entries not yet dispatched, ${backlogAtEnd} deliveries recorded not yet received; ` +
        `everything received ${drainedAfterS === null ? `NOT within ${drainS} s` : `${drainedAfterS} s after the load stopped`}`,
    );
    console.log(
      `  ingest → receiver (telemetry):   p50 ${round(t.p50)} ms, p99 ${round(t.p99)} ms, max ${round(t.max)} ms`,
    );
    // What a delivery costs the workers (the alarm chain's work per message included), whatever else the machine runs.
    const perDeliveryUs = (workersCpu.cores() / Math.max(delivered, 1)) * 1e6;
    console.log(
      `  workers CPU per delivery:        ${round(perDeliveryUs)} µs (one core's worth: ~${round(1e6 / perDeliveryUs)} deliveries/s)`,
    );
    console.log(
      `  CPU: workers ${Math.round(workersCpu.cores() * 100)}%, PostgreSQL ${Math.round(postgresCpu.cores() * 100)}%, this process (load + receiver) ${Math.round(load.loadGeneratorCpu * 100)}%`,
    );
    const probed = probes?.counts() ?? { sent: 0, failed: 0 };
    console.log(
      `  alarms probed: ${probed.sent} sent (${probed.failed} refused), ` +
        `${alarmLatency.summary().count - alarmsBefore} alarm.created webhooks received` +
        (inAppPushes ? `, ${inAppPushes.count - inAppBefore} in-app notifications pushed` : "") +
        " by the end of the drain",
    );
  }

  const a = alarmLatency.summary();
  console.log(
    `\nalarm created by the chain → its first notification (webhook alarm.created received): ` +
      `${a.count} alarms, p50 ${round(a.p50)} ms, p99 ${round(a.p99)} ms, max ${round(a.max)} ms   target p99 < ${TARGET_ALARM_P99_MS} ms  ` +
      `${a.count > 0 && a.p99 < TARGET_ALARM_P99_MS ? "met" : "NOT met"}`,
  );
  if (inAppPushes) {
    const inAppLatency = latencyRecorder();
    for (const ms of await inAppPushes.latencies(services.ownerUrl)) inAppLatency.add(ms);
    const n = inAppLatency.summary();
    console.log(
      `alarm created by the chain → its in-app notification pushed to the console (notification rule → inbox row → push): ` +
        `${n.count} alarms, p50 ${round(n.p50)} ms, p99 ${round(n.p99)} ms, max ${round(n.max)} ms   target p99 < ${TARGET_ALARM_P99_MS} ms  ` +
        `${n.count > 0 && n.p99 < TARGET_ALARM_P99_MS ? "met" : "NOT met"}`,
    );
    const stages = await inAppPushes.stages(services.ownerUrl);
    const stage = (name: string, pick: (s: (typeof stages)[number]) => number) => {
      const r = latencyRecorder();
      for (const s of stages) r.add(pick(s));
      const x = r.summary();
      return `${name} p50 ${round(x.p50)} / p99 ${round(x.p99)} ms`;
    };
    console.log(
      `  ms after the alarm's creation: ${stage("request written", (s) => s.request)}; ${stage("deliveries prepared", (s) => s.prepared)}; ` +
        `${stage("inbox row", (s) => s.inbox)}; ${stage("pushed", (s) => s.pushed)}`,
    );
  }
  console.log(
    `load average after the run: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  const database = new pg.Client({ connectionString: services.ownerUrl });
  await database.connect();
  const statuses = await database
    .query<{ status: string; n: string; attempts: string }>(
      `SELECT status, count(*) AS n, sum(attempts) AS attempts FROM "WebhookDelivery" GROUP BY status ORDER BY status`,
    )
    .finally(() => database.end());
  console.log(
    `deliveries in the database: ${statuses.rows.map((r) => `${r.n} ${r.status.toLowerCase()} (${r.attempts} attempts)`).join(", ")}`,
  );
  console.log(
    `signatures: ${receiver.counts.valid} valid, ${receiver.counts.invalid} invalid, of ${receiver.counts.received} POSTs`,
  );
}

try {
  await main();
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
