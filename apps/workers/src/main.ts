// The workers process: the rule engine (consumers of the rule-engine streams) and the Temporal
// worker (durable workflows and their activities), with a health endpoint that names whichever
// dependency stops answering. The rule engine starts first and runs whether or not Temporal answers.
import { setTimeout as sleep } from "node:timers/promises";
import { NativeConnection } from "@temporalio/worker";
import { Gauge } from "prom-client";
import { loadConfig } from "@industryos/config";
import { createServiceDatabaseClients } from "@industryos/db";
import { createTelemetryStore, telemetryReaderFrom } from "@industryos/db/telemetry";
import {
  createLogger,
  createProcessRegistry,
  createRedisClient,
  createSecretBox,
  onShutdown,
  processMetrics,
  redisTarget,
  serveMetrics,
  startHealthServer,
} from "@industryos/runtime";
import { lazyTemporalClient, temporalTls } from "@industryos/temporal-client";
import { resealSecrets } from "@industryos/api";
import { createDeviceActivityStore } from "./device-activity-store.ts";
import type { NotificationDeps } from "./notifications/notification-deps.ts";
import { reconcileReportSchedules } from "./reports/reconcile-report-schedules.ts";
import { createDeviceDirectory } from "./rules/device-directory.ts";
import { startEdgeSync } from "./edge/edge-sync.ts";
import { startRuleEngine } from "./rules/rule-engine.ts";
import { DEFAULT_RULE_ENGINE_SETTINGS } from "./rules/settings.ts";
import { startWebhookDispatcher } from "./webhooks/dispatcher.ts";
import { createWorker } from "./temporal/worker.ts";
import { ensureTelemetryMaintenanceSchedule } from "./maintenance/maintenance-schedule.ts";

const config = loadConfig();
// Checked before anything connects: webhook signing secrets (and tenants' provider keys) are opened with it.
if (!config.SECRETS_KEY)
  throw new Error(
    "SECRETS_KEY is not set: the workers open webhook signing secrets with it " +
      "(32 bytes, base64 or hex; `npm start` keeps one in .data/secrets.key, a deployment sets its own)",
  );
const secrets = createSecretBox(config.SECRETS_KEY, config.SECRETS_PREVIOUS_KEYS);
const logger = createLogger("workers", config.LOG_LEVEL);
const shutdown = onShutdown(logger);

const db = createServiceDatabaseClients(config, logger, "report reads");
shutdown.add("database", () => db.close());
const redis = createRedisClient(redisTarget(config), { maxRetriesPerRequest: 1, lazyConnect: true });
redis.on("error", (err) => logger.warn({ err: err.message }, "redis connection error"));
await redis.connect().catch((err: Error) => logger.error({ err: err.message }, "redis unavailable at start"));
shutdown.add("redis", () => redis.quit());

/** Set once Temporal answers (see startTemporalWorker). */
let connection: NativeConnection | undefined;
const health = await startHealthServer(config.WORKERS_HEALTH_PORT, {
  postgres: () => db.appPool.query("SELECT 1"),
  redis: () => redis.ping(),
  temporal: () => {
    if (!connection) throw new Error("not connected yet");
    return connection.healthService.check({});
  },
});
shutdown.add("health server", () => new Promise((r) => health.close(r)));

// Prometheus GET /metrics on WORKERS_METRICS_PORT, bound to METRICS_HOST (loopback unless configured).
const registry = createProcessRegistry();
let workerState: () => string = () => "CONNECTING";
new Gauge({
  name: "industryos_workers_temporal_worker_running",
  help: "1 while the Temporal worker polls its task queue, 0 while it connects, drains or has stopped",
  registers: [registry],
  collect() {
    this.set(workerState() === "RUNNING" ? 1 : 0);
  },
});
const metrics = await serveMetrics(config.WORKERS_METRICS_PORT, config.METRICS_HOST, processMetrics(registry));
shutdown.add("metrics", () => metrics.close());

// The rule engine's durable nodes start workflows through it (connects on first use, so the rule
// engine does not wait for Temporal).
// TLS (a production cluster) is read once: the worker's connection and the client use the same settings.
const temporalTlsConfig = temporalTls(config);
const temporal = lazyTemporalClient({
  address: config.TEMPORAL_ADDRESS,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  tls: temporalTlsConfig,
});
shutdown.add("temporal client", () => temporal.close());

// Daily telemetry maintenance (the schedule is ensured once the worker runs): the platform's retention and
// partitions, then tenants' shorter retention.
const maintenanceDeps = {
  db,
  store: createTelemetryStore({ appPool: db.appPool, systemPool: db.systemPool }),
  retentionDays: config.TELEMETRY_RETENTION_DAYS,
};

// SECRETS_KEY rotated (the old key in SECRETS_PREVIOUS_KEYS): every sealed column re-sealed under the new key, in
// the background. "nothing remaining" is the line an operator waits for before removing the previous key.
if (config.SECRETS_PREVIOUS_KEYS.length > 0)
  void resealSecrets(db, secrets).then(
    ({ resealed, remaining }) =>
      remaining === 0
        ? logger.info({ resealed }, "secrets re-sealed under SECRETS_KEY; nothing remaining under a previous key")
        : logger.warn(
            { resealed, remaining },
            "secrets still sealed under a previous key; restart the workers to retry",
          ),
    (err: Error) => logger.error({ err: err.message }, "re-sealing secrets under SECRETS_KEY failed"),
  );

// Scheduled reports read telemetry as the API does (history from the replicas of DATABASE_READ_URL when there are
// any; the rule engine's reads stay on the primary, which has what the chain just wrote), and email through Resend
// when a key is configured.
const reportDeps = {
  db,
  telemetry: telemetryReaderFrom(
    createTelemetryStore({ appPool: db.appPool, systemPool: db.systemPool, reads: db.reads }),
  ),
  email: { from: config.EMAIL_FROM, resendApiKey: config.RESEND_API_KEY, resendBaseUrl: config.RESEND_BASE_URL },
};

// Notification delivery: tenants' providers (their secrets opened with the box), rate limits in Redis, the
// in-app inbox; the platform's own Resend account sends a tenant's email when it configured none.
const notificationDeps: NotificationDeps = {
  db,
  redis,
  secrets,
  logger,
  endpoints: {
    resendBaseUrl: config.RESEND_BASE_URL,
    twilioApiUrl: config.TWILIO_API_URL,
    slackApiUrl: config.SLACK_API_URL,
    publicUrl: config.WEB_PUBLIC_URL,
  },
  ...(config.RESEND_API_KEY ? { platformEmail: { apiKey: config.RESEND_API_KEY, from: config.EMAIL_FROM } } : {}),
  allowPrivateNetworks: config.WEBHOOKS_ALLOW_PRIVATE_NETWORKS,
};

// Integrator webhooks: fed by the rule engine (each entry's deliveries recorded before it is acknowledged),
// first attempts here, retries by the Temporal worker. Registered before the rule engine, so it stops after it.
const webhookDeps = {
  db,
  redis,
  secrets,
  logger,
  temporal,
  allowPrivateNetworks: config.WEBHOOKS_ALLOW_PRIVATE_NETWORKS,
};
// One device directory for both: the dispatcher names an entry's devices as the chains look them up.
const devices = createDeviceDirectory(db, DEFAULT_RULE_ENGINE_SETTINGS.deviceCacheMs);
const webhooks = startWebhookDispatcher({ ...webhookDeps, registry, devices });
shutdown.add("webhook dispatcher", () => webhooks.stop());

// Registered after Redis and the database, so on shutdown it stops (finishing each lane's entry
// in hand) before they close.
const ruleEngine = startRuleEngine({
  webhooks,
  devices,
  temporal,
  db,
  redis,
  logger,
  registry,
  allowPrivateNetworks: config.RULES_ALLOW_PRIVATE_NETWORKS,
  settings: { claimIdleMs: config.RULES_CLAIM_IDLE_MS, maxDeliveries: config.RULES_MAX_DELIVERIES },
});
shutdown.add("rule engine", () => ruleEngine.stop());

// Edge mode (docs/edge.md): devices, profiles and rule chains come down from the cloud, and the uplink queue
// (what ingest and the alarm and attribute triggers recorded) goes up, in order, retried while the link is down.
if (config.EDGE_CLOUD_URL) {
  if (!config.EDGE_KEY || !config.EDGE_SECRET)
    throw new Error("EDGE_CLOUD_URL needs EDGE_KEY and EDGE_SECRET: the key and secret the cloud gave the edge");
  const edgeSync = await startEdgeSync({
    link: { url: config.EDGE_CLOUD_URL, key: config.EDGE_KEY, secret: config.EDGE_SECRET },
    pool: db.systemPool,
    redis,
    logger,
    downlinkIntervalMs: config.EDGE_DOWNLINK_INTERVAL_MS,
    uplinkBatch: config.EDGE_UPLINK_BATCH,
    retryMaxMs: config.EDGE_RETRY_MAX_MS,
  });
  shutdown.add("edge sync", () => edgeSync.stop());
}

// Temporal may still be starting (the local stack builds its server on first use): keep trying
// in the background while the rule engine runs.
let stopping = false;
shutdown.add("temporal connect", () => void (stopping = true));
async function startTemporalWorker() {
  logger.info({ address: config.TEMPORAL_ADDRESS }, "connecting to Temporal");
  for (let attempt = 1; !connection; attempt++) {
    try {
      connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS, tls: temporalTlsConfig });
    } catch (err) {
      if (stopping) return;
      if (attempt === 1 || attempt % 30 === 0)
        logger.warn({ err: (err as Error).message, attempt }, "Temporal not reachable yet; retrying");
      await sleep(Math.min(1_000 * attempt, 10_000));
    }
  }
  if (stopping) return void (await connection.close());
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    deps: {
      devices: createDeviceActivityStore(db),
      alarmNotifications: { db },
      notifications: notificationDeps,
      rules: { db, redis },
      webhooks: webhookDeps,
      reports: reportDeps,
      bulkJobs: { db, redis, logger },
      maintenance: maintenanceDeps,
      ota: { db, redis },
    },
  });
  const running = worker.run();
  workerState = () => worker.getState();
  const open = connection;
  shutdown.add("temporal worker", async () => {
    worker.shutdown();
    await running;
    await open.close();
  });
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, healthPort: config.WORKERS_HEALTH_PORT }, "workers ready");
  // A report schedule Temporal lost (a dev server started afresh, a write that failed half-way) is put back.
  void temporal
    .get()
    .then((client) => reconcileReportSchedules({ db, client, taskQueue: config.TEMPORAL_TASK_QUEUE, logger }))
    .then((outcome) => logger.info(outcome, "report schedules reconciled"))
    .catch((err: unknown) => logger.warn({ err: (err as Error).message }, "report schedules not reconciled"));
  void temporal
    .get()
    .then((client) => ensureTelemetryMaintenanceSchedule(client, config.TEMPORAL_TASK_QUEUE))
    .then((outcome) => logger.info({ outcome }, "telemetry-maintenance schedule ensured"))
    .catch((err: unknown) =>
      logger.warn({ err: (err as Error).message }, "telemetry-maintenance schedule not ensured"),
    );

  running.catch((err: unknown) => {
    logger.fatal({ err }, "temporal worker failed");
    void shutdown.trigger("worker-failure");
  });
}
void startTemporalWorker().catch((err: unknown) => {
  logger.fatal({ err }, "temporal worker could not start");
  void shutdown.trigger("worker-failure");
});
