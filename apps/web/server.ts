import { createRealtimeAuthenticator } from "@industryos/api";
import { loadConfig } from "@industryos/config";
import {
  createDbAttributeReader,
  createDbEntityDirectory,
  createRealtimeServer,
  createStoreTelemetryReader,
  limitsFromConfig,
} from "@industryos/realtime";
import { createLogger, onShutdown, processMetrics, serveMetrics } from "@industryos/runtime";
import next from "next";
import { createWebServer } from "./src/server/http-server.ts";
import { createPlatform } from "./src/server/platform.ts";
import { createWebMetrics } from "./src/server/web-metrics.ts";

// The web process: console (Next.js), REST, tRPC and /healthz on one port.
const config = loadConfig();
const logger = createLogger("web", config.LOG_LEVEL);
const shutdown = onShutdown(logger);

const platform = createPlatform(config, logger);
shutdown.add("platform", () => platform.close());

// Prometheus on a port of its own, bound to METRICS_HOST (loopback unless configured).
const metrics = createWebMetrics();
const metricsServer = await serveMetrics(
  config.WEB_METRICS_PORT,
  config.METRICS_HOST,
  processMetrics(metrics.registry),
);
shutdown.add("metrics", () => metricsServer.close());

const dev = config.NODE_ENV !== "production";
const app = next({ dev, dir: import.meta.dirname, hostname: "0.0.0.0", port: config.WEB_PORT });
await app.prepare();
shutdown.add("next", () => app.close());

const server = createWebServer({
  logger,
  publicUrl: config.WEB_PUBLIC_URL,
  trustProxy: config.WEB_TRUST_PROXY,
  health: platform.health,
  api: platform.api,
  next: app.getRequestHandler(),
  nextUpgrade: dev ? app.getUpgradeHandler() : undefined,
  metrics,
});
// Live dashboards: WebSocket at /api/ws, authenticated by the same cookie and API keys.
const realtime = createRealtimeServer({
  redis: platform.deps.redis,
  authenticate: createRealtimeAuthenticator(platform.deps),
  directory: createDbEntityDirectory(platform.deps.db),
  telemetry: createStoreTelemetryReader(platform.telemetryStore),
  attributes: createDbAttributeReader(platform.deps.db),
  limits: limitsFromConfig(config),
  logger,
});
realtime.attach(server);

server.listen(config.WEB_PORT, () =>
  logger.info({ port: config.WEB_PORT, dev, url: config.WEB_PUBLIC_URL }, "web console listening"),
);
shutdown.add("http", () => new Promise<void>((resolve) => server.close(() => resolve())));
// Runs before "http" (reverse order): open sockets would keep the HTTP server from closing.
shutdown.add("realtime", () => realtime.close());
