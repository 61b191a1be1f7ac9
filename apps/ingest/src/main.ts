import { databaseUrls, loadConfig } from "@industryos/config";
import { createLogger, onShutdown } from "@industryos/runtime";
import { startIngestFromConfig } from "./app.ts";
import { startDemoSimulator } from "./simulator/demo-simulator.ts";

// Process entry (`npm run start -w @industryos/ingest`): MQTT, HTTP device API + /healthz, CoAP.
const config = loadConfig();
const logger = createLogger("ingest", config.LOG_LEVEL);
const shutdown = onShutdown(logger);

try {
  const ingest = await startIngestFromConfig(config, databaseUrls(config), logger);
  shutdown.add("ingest", () => ingest.close());
  if (config.DEMO_SIMULATOR) {
    const simulator = startDemoSimulator({ system: ingest.db.system, mqttPort: ingest.ports.mqtt, logger });
    shutdown.add("demo simulator", () => simulator.stop());
  }
} catch (error) {
  logger.fatal({ err: error }, "ingest failed to start");
  process.exit(1);
}
