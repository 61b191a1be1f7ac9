import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { AddressInfo } from "node:net";
import { createUplinkPublisher, RuleEngineOutbox } from "@industryos/device-bus";
import {
  createRedisClient,
  handleHealthRequest,
  type HealthCheck,
  type Logger,
  type RedisClient,
} from "@industryos/runtime";
import { ActivityTracker } from "./core/activity-tracker.ts";
import { Authenticator } from "./core/authenticator.ts";
import { jwtVerifier } from "./core/jwt/jwt-verifier-from-options.ts";
import type { JwtIssuerSource } from "./core/jwt/jwt-verifier.ts";
import { DeviceService } from "./core/device-service.ts";
import { DownlinkBus } from "./core/downlink-bus.ts";
import { PayloadFormats, type PayloadFormatSource } from "./core/payload-formats.ts";
import { PersistQueue } from "./core/persist-queue.ts";
import type { DeviceDirectory, RpcRepository, UplinkStore } from "./core/ports.ts";
import type { CertificateChainProvisioner } from "./core/certificate-provisioning.ts";
import type { DeviceProvisioner } from "./core/provisioning.ts";
import { failureStreak } from "./core/failure-streak.ts";
import { FirmwareService, type FirmwareSource } from "./core/firmware-service.ts";
import type { FirmwareStatusStore } from "./core/firmware-status.ts";
import { startCoapServer } from "./coap/server.ts";
import type { Lwm2mDirectory } from "./lwm2m/directory.ts";
import { startLwm2mServer } from "./lwm2m/server.ts";
import { createHttpDeviceApi } from "./http/device-api.ts";
import { createIngestMetrics, type IngestMetrics } from "./metrics/ingest-metrics.ts";
import { processMetrics, serveMetrics } from "./metrics/metrics-endpoint.ts";
import { createMqttBroker } from "./mqtt/broker.ts";
import { DeviceLimits, type DeviceLimitsSource, type KeyLimitDefaults } from "./core/device-limits.ts";
import { listenMqttTcp, listenMqttTls, listenMqttWebSocket, type Listener, type TlsFiles } from "./mqtt/listeners.ts";

export interface IngestOptions {
  host: string;
  /** Ports; 0 picks a free one (tests). A null port disables that listener. */
  httpPort: number;
  mqttPort: number;
  mqttWsPort: number | null;
  mqttTlsPort: number | null;
  tls?: TlsFiles;
  coapPort: number | null;
  /** The LwM2M server's UDP port (LWM2M_PORT); null or absent: no LwM2M server. */
  lwm2mPort?: number | null;
  /** LwM2M endpoints and device profiles' LwM2M mapping; required for the LwM2M server. */
  lwm2m?: Lwm2mDirectory;
  /** The host LwM2M clients reach this node at, for firmware Package URIs (LWM2M_PUBLIC_HOST). */
  lwm2mPublicHost?: string;
  /** GET /metrics (Prometheus); null in an INGEST_WORKERS worker, whose supervisor serves them for all. */
  metricsPort: number | null;
  /** Address /metrics binds to (METRICS_HOST); loopback unless configured. */
  metricsHost?: string;
  redisUrl: string;
  directory: DeviceDirectory;
  store: UplinkStore;
  /** Redis Cluster nodes (REDIS_CLUSTER_NODES); `redisUrl` then gives only credentials and TLS. */
  redisClusterNodes?: readonly string[];
  /** Tenant limits and devices' known keys (security finding 9). */
  limits: DeviceLimitsSource;
  /** Key limits of tenants whose settings name none. */
  keyLimitDefaults: KeyLimitDefaults;
  /** Device profiles' payload types (JSON or protobuf schemas); without it every payload is JSON. */
  payloadFormats?: PayloadFormatSource;
  rpc: RpcRepository;
  provisioner: DeviceProvisioner;
  /** X.509 chain provisioning on the MQTT TLS listener (device profiles' CAs); without it only MQTT_TLS_CA counts. */
  certificates?: CertificateChainProvisioner;
  /** Store errors that retrying cannot fix (see PersistQueue). */
  isPermanentStoreError?: (error: unknown) => boolean;
  batchSize: number;
  batchLingerMs: number;
  maxPending: number;
  /** Committed messages kept while Redis cannot take them (see RuleEngineOutbox). */
  ruleEngineBacklog: number;
  /** Messages each rule-engine stream keeps, about, while no rule engine ever ran (see RuleEngineOutbox). */
  ruleEngineStreamMaxMessages: number;
  /** Messages the rule engine may leave unacknowledged before acknowledgements wait (see StreamKeeping). */
  ruleEngineMaxLagMessages: number;
  /** How often the streams are trimmed and the lag sampled. */
  ruleEngineLagSampleMs: number;
  maxPayloadBytes: number;
  writeTimeoutMs: number;
  /** Lanes writing batches at once. */
  writeConcurrency?: number;
  authFailuresPerMinute: number;
  credentialsCacheSeconds: number;
  /** A persistent MQTT session ends this long after its device disconnects (MQTT 5: at most this long). */
  mqttSessionExpirySeconds: number;
  /** Device JWTs: the tenants' issuers and how their JWKS are fetched; without it JWT logins are refused. */
  jwt?: { issuers: JwtIssuerSource; allowPrivateNetworks: boolean; jwksCooldownMs: number };
  /** How often RPCs past their expiry are marked EXPIRED/TIMEOUT. */
  rpcExpirySweepMs?: number;
  /** OTA downloads on every transport (targets and bytes); without it the download topics and paths are refused. */
  firmware?: FirmwareSource;
  /** Bytes of package chunks kept in memory for downloads (OTA_CHUNK_CACHE_BYTES). */
  firmwareCacheBytes?: number;
  /** Where devices' reported OTA states are kept. */
  firmwareStatus?: FirmwareStatusStore;
  /** Extra /healthz checks (the database). Redis is always checked. */
  healthChecks?: Record<string, HealthCheck>;
  logger: Logger;
}

const STARTUP_SWEEP_WAIT_MS = 5_000;

/** Once per outage, not on every reconnect attempt (ioredis would print each to stderr unhandled). */
function logConnectionState(client: RedisClient, connection: string, logger: Logger) {
  const streak = failureStreak(
    (error) => logger.warn({ err: error, connection }, "Redis connection lost; reconnecting"),
    () => logger.info({ connection }, "Redis connection restored"),
  );
  client.on("error", (error: Error) => streak.failed(error));
  client.on("ready", () => streak.succeeded());
}

export interface RunningIngest {
  ports: {
    http: number;
    mqtt: number;
    mqttWs: number | null;
    mqttTls: number | null;
    coap: number | null;
    lwm2m: number | null;
    metrics: number | null;
  };
  queue: PersistQueue;
  metrics: IngestMetrics;
  service: DeviceService;
  close(): Promise<void>;
}

/**
 * Starts the device connectivity tier: MQTT (TCP, TLS, WebSocket), the HTTP device API with
 * /healthz, and CoAP, all around one authenticator and one persist queue; Prometheus metrics on
 * a port of their own.
 */
export async function startIngest(options: IngestOptions): Promise<RunningIngest> {
  const { logger } = options;
  const target = { url: options.redisUrl, clusterNodes: options.redisClusterNodes };
  const redis = createRedisClient(target, { maxRetriesPerRequest: 2 });
  const subscriber = createRedisClient(target);
  logConnectionState(redis, "commands", logger);
  logConnectionState(subscriber, "subscriber", logger);
  const bus = new DownlinkBus(subscriber, redis, logger);
  await bus.start();

  // While the database is down this fails every round.
  const sweep = failureStreak((error) => logger.warn({ err: error }, "RPC expiry sweep failed; retrying quietly"));
  const expireOverdueRpcs = () => options.rpc.expireOverdue(Date.now()).then(sweep.succeeded, sweep.failed);
  // Once before any device is let in: RPCs that expired while ingest was down are marked now, and
  // the ORM's query compiler starts now. Its first query blocked this thread for ~150 ms, and
  // under load that was every device's acknowledgements stalled for as long (bench/ingest).
  // An unreachable database holds start-up (and /healthz) back for a few seconds at most.
  await Promise.race([expireOverdueRpcs(), sleep(STARTUP_SWEEP_WAIT_MS, undefined, { ref: false })]);

  const metrics = createIngestMetrics();
  const outbox = new RuleEngineOutbox(redis, {
    maxBacklogMessages: options.ruleEngineBacklog,
    streamMaxMessages: options.ruleEngineStreamMaxMessages,
    // Ingest keeps the streams: it samples the lag it must bound anyway, and it runs even where no
    // rule engine ever did (then only the no-group bound applies).
    keep: { intervalMs: options.ruleEngineLagSampleMs, maxLagMessages: options.ruleEngineMaxLagMessages },
    logger,
  });
  // The one publisher of everything ingest puts on the rule-engine streams: committed batches and
  // the devices' connect / disconnect / activity events.
  const publish = createUplinkPublisher(
    redis,
    outbox,
    failureStreak((error) => logger.warn({ err: error }, "live update publish failed")),
  );
  const activity = new ActivityTracker(options.directory, logger);
  activity.publishEvents(publish);
  const queue = new PersistQueue({
    store: options.store,
    batchSize: options.batchSize,
    lingerMs: options.batchLingerMs,
    maxPending: options.maxPending,
    writeTimeoutMs: options.writeTimeoutMs,
    concurrency: options.writeConcurrency,
    // While Redis is away live publishes fail for every batch: one warning per outage.
    afterCommit: publish,
    isPermanent: options.isPermanentStoreError,
    onBatch: metrics.batchWritten,
    logger,
  });
  const authenticator = new Authenticator({
    directory: options.directory,
    redis,
    cacheSeconds: options.credentialsCacheSeconds,
    failuresPerMinute: options.authFailuresPerMinute,
    logger,
    onFailure: (reason) => metrics.authFailed(reason),
    jwt: options.jwt && jwtVerifier(options.jwt, logger),
  });
  const limits = new DeviceLimits({ source: options.limits, defaults: options.keyLimitDefaults });
  const payloads = options.payloadFormats ? new PayloadFormats(options.payloadFormats, logger) : undefined;
  await payloads?.listen(subscriber);
  const service = new DeviceService({
    queue,
    directory: options.directory,
    rpc: options.rpc,
    bus,
    activity,
    redis,
    limits,
    firmwareStatus: options.firmwareStatus,
    payloads,
  });
  const firmware = options.firmware
    ? new FirmwareService(options.firmware, options.firmwareCacheBytes ?? 64 * 1024 * 1024)
    : undefined;

  const broker = await createMqttBroker({
    authenticator,
    service,
    maxPayloadBytes: options.maxPayloadBytes,
    provisioner: options.provisioner,
    logger,
    onRefused: (refusal) => metrics.refused("mqtt", refusal),
    sessionExpirySeconds: options.mqttSessionExpirySeconds,
    firmware,
    certificates: options.certificates,
  });
  metrics.watch({
    mqttConnections: () => broker.connectedClients,
    pendingMessages: () => queue.pending,
    databaseWriting: () => queue.writing,
    ruleEngineBacklog: () => outbox.pendingMessages,
    ruleEngineLag: () => outbox.lag,
  });
  const listeners: Listener[] = [];
  const mqtt = await listenMqttTcp(broker, options.mqttPort, options.host);
  listeners.push(mqtt);
  const mqttWs =
    options.mqttWsPort === null ? null : await listenMqttWebSocket(broker, options.mqttWsPort, options.host);
  if (mqttWs) listeners.push(mqttWs);
  const mqttTls =
    options.mqttTlsPort === null || !options.tls
      ? null
      : await listenMqttTls(broker, options.mqttTlsPort, options.host, options.tls);
  if (mqttTls) listeners.push(mqttTls);

  const checks: Record<string, HealthCheck> = { ...options.healthChecks, redis: () => redis.ping() };
  const deviceApi = createHttpDeviceApi({
    authenticator,
    service,
    provisioner: options.provisioner,
    maxPayloadBytes: options.maxPayloadBytes,
    onRefused: (refusal) => metrics.refused("http", refusal),
    firmware,
  });
  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      if (await handleHealthRequest(req, res, checks)) return;
      if (await deviceApi(req, res)) return;
      res
        .writeHead(404, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { code: "NOT_FOUND", message: "no such endpoint" } }));
    })().catch((error: unknown) => {
      logger.error({ err: error }, "HTTP handler failed");
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.httpPort, options.host, () => resolve());
  });

  const metricsServer =
    options.metricsPort === null
      ? null
      : await serveMetrics(options.metricsPort, options.metricsHost ?? "127.0.0.1", processMetrics(metrics.registry));

  const coap =
    options.coapPort === null
      ? null
      : await startCoapServer({
          authenticator,
          service,
          provisioner: options.provisioner,
          maxPayloadBytes: options.maxPayloadBytes,
          port: options.coapPort,
          host: options.host,
          logger,
          onRefused: (refusal) => metrics.refused("coap", refusal),
          firmware,
        });

  const lwm2m =
    options.lwm2mPort === null || options.lwm2mPort === undefined || !options.lwm2m
      ? null
      : await startLwm2mServer({
          directory: options.lwm2m,
          service,
          redis,
          port: options.lwm2mPort,
          host: options.host,
          publicHost: options.lwm2mPublicHost,
          firmware,
          failuresPerMinute: options.authFailuresPerMinute,
          logger,
        });

  const expirySweep = setInterval(expireOverdueRpcs, options.rpcExpirySweepMs ?? 5_000);
  expirySweep.unref();

  // Debug-level vital signs, to see where memory and backlog go under load.
  const vitals = setInterval(() => {
    const memory = process.memoryUsage();
    const mib = (n: number) => Math.round(n / 1048576);
    logger.debug(
      {
        pending: queue.pending,
        clients: broker.connectedClients,
        rssMiB: mib(memory.rss),
        heapMiB: mib(memory.heapUsed),
        externalMiB: mib(memory.external),
        buffersMiB: mib(memory.arrayBuffers),
      },
      "ingest vitals",
    );
  }, 2000);
  vitals.unref();

  const ports = {
    http: (http.address() as AddressInfo).port,
    mqtt: mqtt.port,
    mqttWs: mqttWs?.port ?? null,
    mqttTls: mqttTls?.port ?? null,
    coap: coap?.port ?? null,
    lwm2m: lwm2m?.port ?? null,
    metrics: metricsServer?.port ?? null,
  };
  logger.info({ ports }, "ingest listening");

  return {
    ports,
    queue,
    metrics,
    service,
    async close() {
      clearInterval(expirySweep);
      clearInterval(vitals);
      // Stop taking new work first, then let committed-but-unacked batches finish.
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await Promise.all(listeners.map((l) => l.close()));
      await coap?.close();
      await lwm2m?.close();
      await metricsServer?.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await queue.close();
      // Before the outbox closes: its last write may still find devices that became active.
      await activity.close();
      const unsent = await outbox.close(5_000);
      if (unsent > 0)
        logger.error(
          { messages: unsent },
          "shutting down with committed messages not yet on the rule-engine stream (Redis unavailable)",
        );
      subscriber.disconnect();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
