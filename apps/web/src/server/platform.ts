import { createPlatformApi, releaseRpcSubscriber, telemetryReaderFrom, type ApiDeps } from "@industryos/api";
import { databaseUrls, type Config } from "@industryos/config";
import { createDatabaseClients } from "@industryos/db";
import { createTelemetryStore } from "@industryos/db/telemetry";
import { createRedisClient, createSecretBox, redisTarget, type HealthCheck, type Logger } from "@industryos/runtime";
import { lazyTemporalClient, temporalTls } from "@industryos/temporal-client";

/** Everything the web process connects to, built once from the configuration. */
export function createPlatform(config: Config, logger: Logger) {
  // Checked before anything connects: without the key no provider secret or webhook secret can be stored.
  if (!config.SECRETS_KEY)
    throw new Error(
      "SECRETS_KEY is not set: the web process seals tenants' provider and webhook secrets with it " +
        "(32 bytes, base64 or hex; `npm start` keeps one in .data/secrets.key, a deployment sets its own)",
    );
  const urls = databaseUrls(config);
  const db = createDatabaseClients({
    appUrl: urls.app,
    systemUrl: urls.system,
    poolSize: config.DATABASE_POOL_SIZE,
    readUrls: urls.reads,
    onReplicaChange: ({ host, up, error }) =>
      up
        ? logger.info({ replica: host }, "database replica answers again; telemetry history reads go to it")
        : logger.warn({ replica: host, err: error?.message }, "database replica unreachable; its reads go elsewhere"),
    readMaxLagMs: config.DATABASE_READ_MAX_LAG_MS,
    onReplicaLag: ({ host, behind, lagMs }) =>
      behind
        ? logger.warn(
            { replica: host, lagMs },
            "database replica over DATABASE_READ_MAX_LAG_MS; its reads go elsewhere",
          )
        : logger.info({ replica: host, lagMs }, "database replica caught up; telemetry history reads go to it again"),
  });
  // Commands fail fast while Redis is down, so /healthz answers 503 instead of hanging.
  const redis = createRedisClient(redisTarget(config), {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: false,
  });
  redis.on("error", (error) => logger.warn({ err: error.message }, "redis connection error"));

  // Telemetry history (REST/tRPC and the dashboards' charts over /api/ws) reads from the replicas
  // of DATABASE_READ_URL when there are any; everything else stays on the primary.
  const telemetryStore = createTelemetryStore({ appPool: db.appPool, systemPool: db.systemPool, reads: db.reads });

  const mqttHost = new URL(config.WEB_PUBLIC_URL).hostname;
  const deps: ApiDeps = {
    db,
    redis,
    logger,
    redisPrefix: "web:",
    publicUrl: config.WEB_PUBLIC_URL,
    email: {
      from: config.EMAIL_FROM,
      resendApiKey: config.RESEND_API_KEY,
      resendBaseUrl: config.RESEND_BASE_URL,
      resendWebhookSecret: config.RESEND_WEBHOOK_SECRET,
    },
    deviceEndpoints: { mqttHost, mqttPort: config.MQTT_PORT, httpUrl: `http://${mqttHost}:${config.INGEST_HTTP_PORT}` },
    credentialPolicy: {
      minLength: config.DEVICE_TOKEN_MIN_LENGTH,
      minCharacterClasses: config.DEVICE_TOKEN_MIN_CHARACTER_CLASSES,
    },
    telemetry: telemetryReaderFrom(telemetryStore),
    temporal: lazyTemporalClient({
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      tls: temporalTls(config),
    }),
    secrets: createSecretBox(config.SECRETS_KEY, config.SECRETS_PREVIOUS_KEYS),
    webhooks: { allowPrivateNetworks: config.WEBHOOKS_ALLOW_PRIVATE_NETWORKS },
    ota: { maxPackageBytes: config.OTA_MAX_PACKAGE_BYTES },
  };
  const api = createPlatformApi(deps);

  const health: Record<string, HealthCheck> = {
    postgres: () => db.appPool.query("SELECT 1"),
    redis: () => redis.ping(),
  };

  return {
    deps,
    api,
    telemetryStore,
    health,
    async close() {
      releaseRpcSubscriber(redis);
      await deps.temporal.close();
      redis.disconnect();
      await db.close();
    },
  };
}

export type Platform = ReturnType<typeof createPlatform>;
