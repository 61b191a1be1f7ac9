// The web node under test: the realtime server alone (no Next), as apps/web mounts it, in its own
// process so the bench can read this process's CPU and RSS. Configured by the environment the
// bench passes: DATABASE_APP_URL, DATABASE_SYSTEM_URL, REDIS_URL, PORT, BENCH_API_KEY,
// BENCH_TENANT_ID.
import { createServer } from "node:http";
import { createDatabaseClients } from "@industryos/db";
import { createTelemetryStore } from "@industryos/db/telemetry";
import {
  createDbAttributeReader,
  createDbEntityDirectory,
  createRealtimeServer,
  createStoreTelemetryReader,
} from "@industryos/realtime";
import { createLogger } from "@industryos/runtime";
import { Redis } from "ioredis";

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const db = createDatabaseClients({
  appUrl: env("DATABASE_APP_URL"),
  systemUrl: env("DATABASE_SYSTEM_URL"),
  poolSize: 10,
});
const redis = new Redis(env("REDIS_URL"));
const apiKey = env("BENCH_API_KEY");
const tenantId = env("BENCH_TENANT_ID");

const realtime = createRealtimeServer({
  redis,
  keyPrefix: `bench:${process.pid}:`,
  // Stands in for the web process's API-key check: one key for the bench tenant.
  authenticate: async (input) =>
    input.kind === "apiKey" && input.apiKey === apiKey ? { tenantId, scopes: ["read"] } : null,
  directory: createDbEntityDirectory(db),
  telemetry: createStoreTelemetryReader(createTelemetryStore(db)),
  attributes: createDbAttributeReader(db),
  logger: createLogger("bench-web", process.env.LOG_LEVEL ?? "warn"),
  limits: {
    maxSessionsPerTenant: 100_000,
    maxSessionsPerUser: 100_000,
    maxUpdatesPerSecond: Number(process.env.BENCH_MAX_UPDATES_PER_SECOND ?? 10),
  },
});
const server = createServer((_req, res) => res.writeHead(404).end());
realtime.attach(server);
server.listen(Number(env("PORT")), "127.0.0.1", () => process.send?.({ ready: true }));

process.on("message", (message: { stats?: boolean }) => {
  if (message.stats) process.send?.({ stats: realtime.stats() });
});
process.on("SIGTERM", () => {
  void realtime.close().finally(async () => {
    server.close();
    redis.disconnect();
    await db.close();
    process.exit(0);
  });
});
