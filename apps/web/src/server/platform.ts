import { createPlatformApi, releaseRpcSubscriber, telemetryReaderFrom, type ApiDeps } from "@industryos/api";
import type { Config } from "@industryos/config";
import { createServiceDatabaseClients } from "@industryos/db";
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
  const db = createServiceDatabaseClients(config, logger, "telemetry history reads");
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
