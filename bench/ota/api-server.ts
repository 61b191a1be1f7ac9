// The web process's API tier without Next.js (createWebServer with no page handler): the same REST and tRPC code
// the console calls, as its own process, so the benchmark can time console calls while the fleet downloads.
// Configuration from the environment, as apps/web reads it.
import { loadConfig } from "@industryos/config";
import { createLogger } from "@industryos/runtime";
import { createPlatform } from "../../apps/web/src/server/platform.ts";
import { createWebServer } from "../../apps/web/src/server/http-server.ts";

const config = loadConfig();
const logger = createLogger("bench-api", config.LOG_LEVEL);
const platform = createPlatform(config, logger);
const server = createWebServer({
  logger,
  publicUrl: config.WEB_PUBLIC_URL,
  health: platform.health,
  api: platform.api,
});
server.listen(config.WEB_PORT, "127.0.0.1", () => logger.info({ port: config.WEB_PORT }, "bench API listening"));
process.on("SIGTERM", () => {
  server.close();
  void platform.close().finally(() => process.exit(0));
});
