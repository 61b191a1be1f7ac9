// The workers process: the Temporal worker (durable workflows and their activities), with a
// health endpoint that names whichever dependency stops answering.
import { NativeConnection } from "@temporalio/worker";
import { Gauge } from "prom-client";
import { Redis } from "ioredis";
import { databaseUrls, loadConfig } from "@industryos/config";
import { createDatabaseClients } from "@industryos/db";
import {
  createLogger,
  createProcessRegistry,
  onShutdown,
  processMetrics,
  serveMetrics,
  startHealthServer,
} from "@industryos/runtime";
import { createDeviceActivityStore } from "./device-activity-store.ts";
import { createWorker } from "./temporal/worker.ts";

const config = loadConfig();
const logger = createLogger("workers", config.LOG_LEVEL);
const shutdown = onShutdown(logger);

const urls = databaseUrls(config);
const db = createDatabaseClients({ appUrl: urls.app, systemUrl: urls.system, poolSize: config.DATABASE_POOL_SIZE });
shutdown.add("database", () => db.close());
const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
redis.on("error", (err) => logger.warn({ err: err.message }, "redis connection error"));
await redis.connect().catch((err: Error) => logger.error({ err: err.message }, "redis unavailable at start"));
shutdown.add("redis", () => redis.quit());

const health = await startHealthServer(config.WORKERS_HEALTH_PORT, {
  postgres: () => db.appPool.query("SELECT 1"),
  redis: () => redis.ping(),
  temporal: () => connection.healthService.check({}),
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

logger.info({ address: config.TEMPORAL_ADDRESS }, "connecting to Temporal");
const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
const worker = await createWorker({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  deps: { devices: createDeviceActivityStore(db) },
});
const running = worker.run();
workerState = () => worker.getState();
shutdown.add("temporal worker", async () => {
  worker.shutdown();
  await running;
  await connection.close();
});
logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, healthPort: config.WORKERS_HEALTH_PORT }, "workers ready");

running.catch((err: unknown) => {
  logger.fatal({ err }, "temporal worker failed");
  void shutdown.trigger("worker-failure");
});
