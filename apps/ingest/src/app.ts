import { readFileSync } from "node:fs";
import { type databaseUrls, type Config } from "@industryos/config";
import { createDatabaseClients, type DatabaseClients } from "@industryos/db";
import { BatchValidationError, createTelemetryStore } from "@industryos/db/telemetry";
import type { Logger } from "@industryos/runtime";
import { PgDeviceDirectory } from "./db/device-directory.ts";
import { PgJwtIssuerSource } from "./db/jwt-issuer-source.ts";
import { PgFirmwareSource } from "./db/firmware-source.ts";
import { PgLwm2mDirectory } from "./db/lwm2m-directory.ts";
import { PgFirmwareStatusStore } from "./db/firmware-status-store.ts";
import { PgDeviceLimitsSource } from "./db/device-limits-source.ts";
import { PgPayloadFormatSource } from "./db/payload-format-source.ts";
import { PgCertificateChainProvisioner } from "./db/certificate-chain-provisioner.ts";
import { PgDeviceProvisioner } from "./db/provisioner.ts";
import { PgRpcRepository } from "./db/rpc-repository.ts";
import { EdgeQueuedUplinkStore } from "./db/edge-uplink-queue.ts";
import { PgUplinkStore } from "./db/uplink-store.ts";
import { startIngest, type IngestOptions, type RunningIngest } from "./ingest.ts";

export type IngestConfig = Pick<
  Config,
  | "INGEST_HOST"
  | "INGEST_HTTP_PORT"
  | "MQTT_PORT"
  | "MQTT_TLS_PORT"
  | "MQTT_WS_PORT"
  | "MQTT_TLS_CERT_FILE"
  | "MQTT_TLS_KEY_FILE"
  | "MQTT_TLS_CA_FILE"
  | "COAP_PORT"
  | "LWM2M_PORT"
  | "LWM2M_PUBLIC_HOST"
  | "INGEST_BATCH_SIZE"
  | "INGEST_BATCH_LINGER_MS"
  | "INGEST_MAX_PENDING"
  | "INGEST_RULE_ENGINE_BACKLOG"
  | "INGEST_RULE_ENGINE_STREAM_MAX_MESSAGES"
  | "RULE_ENGINE_MAX_LAG_MESSAGES"
  | "RULE_ENGINE_LAG_SAMPLE_MS"
  | "INGEST_MAX_PAYLOAD_BYTES"
  | "INGEST_MAX_KEYS_PER_MESSAGE"
  | "INGEST_MAX_KEYS_PER_DEVICE"
  | "INGEST_WRITE_TIMEOUT_MS"
  | "INGEST_WRITE_CONCURRENCY"
  | "INGEST_AUTH_FAILURES_PER_MINUTE"
  | "INGEST_CREDENTIALS_CACHE_SECONDS"
  | "INGEST_MQTT_SESSION_EXPIRY_SECONDS"
  | "INGEST_JWKS_ALLOW_PRIVATE_NETWORKS"
  | "INGEST_JWKS_REFRESH_COOLDOWN_SECONDS"
  | "INGEST_METRICS_PORT"
  | "METRICS_HOST"
  | "REDIS_URL"
  | "DATABASE_POOL_SIZE"
  | "OTA_CHUNK_CACHE_BYTES"
  | "EDGE_CLOUD_URL"
  | "REDIS_CLUSTER_NODES"
>;

export interface IngestWithDatabase extends RunningIngest {
  db: DatabaseClients;
}

/**
 * Ingest on PostgreSQL: the process entry and the end-to-end tests both start it this way.
 * `urls` are the application and system role URLs (see `databaseUrls`).
 */
export async function startIngestFromConfig(
  config: IngestConfig,
  urls: Pick<ReturnType<typeof databaseUrls>, "app" | "system">,
  logger: Logger,
  extra: Partial<Pick<IngestOptions, "rpcExpirySweepMs" | "coapPort" | "lwm2mPort" | "metricsPort">> = {},
): Promise<IngestWithDatabase> {
  const db = createDatabaseClients({ appUrl: urls.app, systemUrl: urls.system, poolSize: config.DATABASE_POOL_SIZE });
  const tls =
    config.MQTT_TLS_CERT_FILE && config.MQTT_TLS_KEY_FILE
      ? {
          cert: readFileSync(config.MQTT_TLS_CERT_FILE),
          key: readFileSync(config.MQTT_TLS_KEY_FILE),
          ca: config.MQTT_TLS_CA_FILE ? readFileSync(config.MQTT_TLS_CA_FILE) : undefined,
        }
      : undefined;
  const telemetry = createTelemetryStore(db, {
    onLatestFlushError: (error) => logger.warn({ err: error }, "latest-value flush failed; retried with the next one"),
  });
  try {
    const ingest = await startIngest({
      host: config.INGEST_HOST,
      httpPort: config.INGEST_HTTP_PORT,
      mqttPort: config.MQTT_PORT,
      mqttWsPort: config.MQTT_WS_PORT,
      mqttTlsPort: tls ? config.MQTT_TLS_PORT : null,
      tls,
      coapPort: config.COAP_PORT,
      lwm2mPort: config.LWM2M_PORT === 0 ? null : config.LWM2M_PORT,
      lwm2m: new PgLwm2mDirectory(db.systemPool),
      lwm2mPublicHost: config.LWM2M_PUBLIC_HOST,
      metricsPort: config.INGEST_METRICS_PORT,
      metricsHost: config.METRICS_HOST,
      redisUrl: config.REDIS_URL,
      directory: new PgDeviceDirectory(db.system, db.systemPool),
      // At an edge, what devices send is also queued for the cloud (docs/edge.md).
      store: config.EDGE_CLOUD_URL
        ? new EdgeQueuedUplinkStore(new PgUplinkStore(telemetry), db.systemPool)
        : new PgUplinkStore(telemetry),
      limits: new PgDeviceLimitsSource(db.systemPool),
      payloadFormats: new PgPayloadFormatSource(db.systemPool),
      redisClusterNodes: config.REDIS_CLUSTER_NODES,
      keyLimitDefaults: {
        maxKeysPerMessage: config.INGEST_MAX_KEYS_PER_MESSAGE,
        maxKeysPerDevice: config.INGEST_MAX_KEYS_PER_DEVICE,
      },
      isPermanentStoreError: (error) => error instanceof BatchValidationError,
      rpc: new PgRpcRepository(db.system),
      provisioner: new PgDeviceProvisioner(db.system),
      certificates: new PgCertificateChainProvisioner(db.system, logger),
      firmware: new PgFirmwareSource(db.systemPool),
      firmwareCacheBytes: config.OTA_CHUNK_CACHE_BYTES,
      firmwareStatus: new PgFirmwareStatusStore(db.systemPool),
      batchSize: config.INGEST_BATCH_SIZE,
      batchLingerMs: config.INGEST_BATCH_LINGER_MS,
      maxPending: config.INGEST_MAX_PENDING,
      ruleEngineBacklog: config.INGEST_RULE_ENGINE_BACKLOG,
      ruleEngineStreamMaxMessages: config.INGEST_RULE_ENGINE_STREAM_MAX_MESSAGES,
      ruleEngineMaxLagMessages: config.RULE_ENGINE_MAX_LAG_MESSAGES,
      ruleEngineLagSampleMs: config.RULE_ENGINE_LAG_SAMPLE_MS,
      maxPayloadBytes: config.INGEST_MAX_PAYLOAD_BYTES,
      writeTimeoutMs: config.INGEST_WRITE_TIMEOUT_MS,
      writeConcurrency: config.INGEST_WRITE_CONCURRENCY,
      authFailuresPerMinute: config.INGEST_AUTH_FAILURES_PER_MINUTE,
      credentialsCacheSeconds: config.INGEST_CREDENTIALS_CACHE_SECONDS,
      mqttSessionExpirySeconds: config.INGEST_MQTT_SESSION_EXPIRY_SECONDS,
      jwt: {
        issuers: new PgJwtIssuerSource(db.systemPool),
        allowPrivateNetworks: config.INGEST_JWKS_ALLOW_PRIVATE_NETWORKS,
        jwksCooldownMs: config.INGEST_JWKS_REFRESH_COOLDOWN_SECONDS * 1000,
      },
      healthChecks: { postgres: () => db.systemPool.query("SELECT 1") },
      logger,
      ...extra,
    });
    return {
      ...ingest,
      db,
      async close() {
        await ingest.close();
        // Latest values still waiting would only make readers probe a little further; write them anyway.
        await telemetry
          .flushLatest()
          .catch((error: unknown) => logger.warn({ err: error }, "latest values not flushed at shutdown"));
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
