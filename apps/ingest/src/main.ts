import "./mqtt/quiet-debug.ts"; // before anything loads mqtt-packet
import cluster from "node:cluster";
import { databaseUrls, loadConfig } from "@industryos/config";
import { createLogger, onShutdown } from "@industryos/runtime";
import { reportToSupervisor, serveMetrics, workersMetrics } from "./metrics/metrics-endpoint.ts";
import { startWorkerPool, WORKER_READY } from "./worker-pool.ts";

// Process entry (`npm run start -w @industryos/ingest`): MQTT, HTTP device API + /healthz, CoAP;
// with INGEST_WORKERS > 1, a supervisor of that many such processes sharing the ports.
const config = loadConfig();
const logger = createLogger("ingest", config.LOG_LEVEL);

if (cluster.isPrimary && config.INGEST_WORKERS > 1) {
  const shutdown = onShutdown(logger);
  // One scrape of the supervisor answers for every worker. Listening first: a taken port stops
  // the process before any worker starts.
  const metrics = await serveMetrics(config.INGEST_METRICS_PORT, config.METRICS_HOST, workersMetrics()).catch(
    (error: unknown) => {
      logger.fatal({ err: error }, "ingest metrics port unavailable");
      process.exit(1);
    },
  );
  shutdown.add("metrics", () => metrics.close());
  const pool = startWorkerPool(config.INGEST_WORKERS, logger);
  shutdown.add("workers", () => pool.stop());
  logger.info({ workers: config.INGEST_WORKERS }, "ingest workers starting");
  pool.failed.catch(async (error: unknown) => {
    logger.fatal({ err: error }, "ingest workers failed");
    await pool.stop();
    process.exit(1);
  });
} else {
  // A worker stops when its supervisor says so: Ctrl-C in a terminal reaches the whole process
  // group, and a worker stopping on its own would race the supervisor's SIGTERM.
  if (cluster.isWorker) process.on("SIGINT", () => undefined);
  const shutdown = onShutdown(logger, { signals: cluster.isWorker ? ["SIGTERM"] : undefined });
  const firstWorker = (process.env.INGEST_WORKER_INDEX ?? "0") === "0";
  try {
    // A CoAP exchange (retransmissions, block-wise transfers, observe) lives in the process that
    // received its first datagram; a shared UDP socket would spread it over workers. So one serves CoAP
    // and LwM2M (whose registrations and observations live in that process too).
    // Loaded here, not at the top: a supervisor never serves devices, and the ingest code with its database
    // clients costs each process ~75 MiB before it does anything (100,000 connections take 7 processes here).
    const { startIngestFromConfig } = await import("./app.ts");
    const ingest = await startIngestFromConfig(config, databaseUrls(config), logger, {
      ...(firstWorker ? {} : { coapPort: null, lwm2mPort: null }),
      ...(cluster.isWorker ? { metricsPort: null } : {}),
    });
    shutdown.add("ingest", () => ingest.close());
    if (cluster.isWorker) reportToSupervisor(ingest.metrics.registry);
    if (config.DEMO_SIMULATOR && firstWorker) {
      const { startDemoSimulator } = await import("./simulator/demo-simulator.ts");
      const simulator = startDemoSimulator({ system: ingest.db.system, mqttPort: ingest.ports.mqtt, logger });
      shutdown.add("demo simulator", () => simulator.stop());
    }
    if (cluster.isWorker) process.send!(WORKER_READY);
  } catch (error) {
    logger.fatal({ err: error }, "ingest failed to start");
    process.exit(1);
  }
}
