import { loadConfig } from "@industryos/config";
import { createLogger, onShutdown } from "@industryos/runtime";
import next from "next";
import { createWebServer } from "./src/server/http-server.ts";
import { createPlatform } from "./src/server/platform.ts";

// The web process: console (Next.js), REST, tRPC and /healthz on one port.
const config = loadConfig();
const logger = createLogger("web", config.LOG_LEVEL);
const shutdown = onShutdown(logger);

const platform = createPlatform(config, logger);
shutdown.add("platform", () => platform.close());

const dev = config.NODE_ENV !== "production";
const app = next({ dev, dir: import.meta.dirname, hostname: "0.0.0.0", port: config.WEB_PORT });
await app.prepare();
shutdown.add("next", () => app.close());

const server = createWebServer({
  logger,
  publicUrl: config.WEB_PUBLIC_URL,
  health: platform.health,
  api: platform.api,
  next: app.getRequestHandler(),
  nextUpgrade: dev ? app.getUpgradeHandler() : undefined,
});
server.listen(config.WEB_PORT, () => logger.info({ port: config.WEB_PORT, dev, url: config.WEB_PUBLIC_URL }, "web console listening"));
shutdown.add("http", () => new Promise<void>((resolve) => server.close(() => resolve())));
