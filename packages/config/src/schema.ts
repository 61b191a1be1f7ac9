import { z } from "zod";

const port = z.coerce.number().int().min(1).max(65535);
const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");
const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.join(" or ")}`,
  );

/**
 * Every environment variable IndustryOS reads. Defaults are the local stack started by
 * `npm start`, so a fresh machine needs no environment at all.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

  DATABASE_URL: url(["postgres:", "postgresql:"]).default("postgresql://postgres@127.0.0.1:54320/industryos"),
  DATABASE_APP_URL: url(["postgres:", "postgresql:"]).optional(),
  DATABASE_SYSTEM_URL: url(["postgres:", "postgresql:"]).optional(),
  DATABASE_APP_PASSWORD: z.string().min(8).default("industryos_app_local"),
  DATABASE_SYSTEM_PASSWORD: z.string().min(8).default("industryos_system_local"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * Streaming replicas (hot standbys) of DATABASE_URL's database, comma-separated: telemetry range and
   * aggregate reads (REST/tRPC history, dashboard charts, scheduled reports) go to the least busy one
   * that answers, and to the primary when none does. Only host, port, database and query parameters
   * are taken: reads connect as the application role with its credentials (DATABASE_APP_URL or
   * industryos_app + DATABASE_APP_PASSWORD), so row-level security holds exactly as on the primary.
   */
  DATABASE_READ_URL: z
    .string()
    .default("")
    .transform((text) =>
      text
        .split(",")
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .pipe(z.array(url(["postgres:", "postgresql:"]))),
  /**
   * The most a replica's history may trail the primary (ms): a replica further behind (a stalled
   * replay, a saturated link) is passed over until it catches up, and its reads go to another
   * replica or the primary. 0 turns the ceiling off.
   */
  DATABASE_READ_MAX_LAG_MS: z.coerce.number().int().min(0).default(10_000),

  REDIS_URL: url(["redis:", "rediss:"]).default("redis://127.0.0.1:63790"),
  /**
   * Redis Cluster: `host:port` of some of its nodes, comma-separated (the rest are discovered).
   * Set, every process connects through ioredis' Cluster; REDIS_URL then gives only the
   * credentials and TLS (`rediss:`), and must name no database but 0.
   */
  REDIS_CLUSTER_NODES: z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((node) => node.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.string().regex(/^[^\s:,]+:\d{1,5}$/, "each node must be host:port"))
        .min(1, "name at least one host:port"),
    )
    .optional(),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^:]+:\d+$/, "must be host:port")
    .default("127.0.0.1:7233"),
  TEMPORAL_NAMESPACE: z.string().min(1).default("default"),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default("industryos-main"),
  /**
   * TLS to a production Temporal cluster (or Temporal Cloud). TEMPORAL_TLS alone: server-authenticated TLS
   * with the system's trusted CAs; a client certificate + key (PEM files, set together) for mutual TLS; a CA
   * file when the frontend's certificate comes from a private CA; any of the files turns TLS on.
   */
  TEMPORAL_TLS: bool.default(false),
  TEMPORAL_TLS_CERT_FILE: z.string().optional(),
  TEMPORAL_TLS_KEY_FILE: z.string().optional(),
  TEMPORAL_TLS_CA_FILE: z.string().optional(),
  /** The name on the frontend's certificate, when it differs from TEMPORAL_ADDRESS's host. */
  TEMPORAL_TLS_SERVER_NAME: z.string().optional(),

  WEB_PORT: port.default(3000),
  WEB_PUBLIC_URL: url(["http:", "https:"]).default("http://localhost:3000"),
  /** Behind a load balancer: take the client address (rate limits, audit) from X-Forwarded-For. */
  WEB_TRUST_PROXY: bool.default(false),
  WS_MAX_SESSIONS_PER_TENANT: z.coerce.number().int().min(1).default(1000),
  WS_MAX_SESSIONS_PER_USER: z.coerce.number().int().min(1).default(50),
  WS_MAX_SUBSCRIPTIONS_PER_SESSION: z.coerce.number().int().min(1).default(100),
  WS_MAX_SUBSCRIPTIONS_PER_TENANT: z.coerce.number().int().min(1).default(20_000),
  WS_MAX_SUBSCRIPTIONS_PER_USER: z.coerce.number().int().min(1).default(1000),
  WS_MAX_ENTITIES_PER_SUBSCRIPTION: z.coerce.number().int().min(1).default(1000),
  WS_MAX_UPDATES_PER_SECOND: z.coerce.number().min(0.1).max(1000).default(10),
  /** How often an open /api/ws connection re-checks its credentials (revocations also reach it at once). */
  WS_REVALIDATE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),

  /** Custom device access tokens (and MQTT passwords): minimum length and character classes. */
  DEVICE_TOKEN_MIN_LENGTH: z.coerce.number().int().min(8).max(128).default(20),
  DEVICE_TOKEN_MIN_CHARACTER_CLASSES: z.coerce.number().int().min(1).max(4).default(2),

  INGEST_HTTP_PORT: port.default(8081),
  INGEST_METRICS_PORT: port.default(9464),
  MQTT_PORT: port.default(1883),
  MQTT_TLS_PORT: port.default(8883),
  MQTT_WS_PORT: port.default(8083),
  MQTT_TLS_CERT_FILE: z.string().optional(),
  MQTT_TLS_KEY_FILE: z.string().optional(),
  MQTT_TLS_CA_FILE: z.string().optional(),
  COAP_PORT: port.default(5683),
  /** The LwM2M server's UDP port (OMA LwM2M 1.1 over CoAP, NO_SEC; ThingsBoard's 5685); 0 disables it. */
  LWM2M_PORT: z.coerce.number().int().min(0).max(65535).default(5685),
  /**
   * The host name or address LwM2M clients reach this server at, put in firmware Package URIs
   * (coap://HOST:LWM2M_PORT/fw/...); default INGEST_HOST, or this machine's name when that is 0.0.0.0.
   */
  LWM2M_PUBLIC_HOST: z.string().trim().min(1).optional(),
  INGEST_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(10_000),
  INGEST_BATCH_LINGER_MS: z.coerce.number().int().min(0).max(10_000).default(5),
  INGEST_MAX_PENDING: z.coerce.number().int().min(1).default(10_000),
  INGEST_RULE_ENGINE_BACKLOG: z.coerce.number().int().min(1).default(100_000),
  INGEST_RULE_ENGINE_STREAM_MAX_MESSAGES: z.coerce.number().int().min(1_000).default(200_000),
  /** Messages the rule engine may leave unacknowledged (all partitions); past it ingest holds acknowledgements. */
  RULE_ENGINE_MAX_LAG_MESSAGES: z.coerce.number().int().min(1).default(1_000_000),
  /** How often ingest trims the rule-engine streams (never past unacknowledged entries) and samples the lag. */
  RULE_ENGINE_LAG_SAMPLE_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  INGEST_MAX_PAYLOAD_BYTES: z.coerce.number().int().min(64).default(65_536),
  /** Defaults of the per-message and per-device key limits; a tenant's settings.limits.maxKeysPerMessage/maxKeysPerDevice win. */
  INGEST_MAX_KEYS_PER_MESSAGE: z.coerce.number().int().min(1).default(100),
  INGEST_MAX_KEYS_PER_DEVICE: z.coerce.number().int().min(1).default(1_000),
  INGEST_HOST: z.string().min(1).default("0.0.0.0"),
  INGEST_WRITE_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  INGEST_WRITE_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  INGEST_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  INGEST_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  INGEST_CREDENTIALS_CACHE_SECONDS: z.coerce.number().int().min(0).default(300),
  INGEST_MQTT_SESSION_EXPIRY_SECONDS: z.coerce.number().int().min(1).max(604_800).default(3600),
  /** Device JWT issuers' JWKS URLs may be on loopback and private networks (never link-local); `npm start` allows it locally. */
  INGEST_JWKS_ALLOW_PRIVATE_NETWORKS: bool.default(false),
  /** Least time between two fetches of one issuer's JWKS: tokens naming unknown kids cannot make ingest hammer it. */
  INGEST_JWKS_REFRESH_COOLDOWN_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),

  WORKERS_HEALTH_PORT: port.default(8090),
  /** Rule chains may call loopback, private and link-local addresses (webhooks); `npm start` allows it locally. */
  RULES_ALLOW_PRIVATE_NETWORKS: bool.default(false),
  /** A dead worker's pending rule-engine entries are claimed by another after being idle this long. */
  RULES_CLAIM_IDLE_MS: z.coerce.number().int().min(100).default(30_000),
  /** Deliveries of a rule-engine entry before a message still failing retryably is dead-lettered. */
  RULES_MAX_DELIVERIES: z.coerce.number().int().min(1).max(100).default(5),

  /**
   * Edge mode (docs/edge.md): this ingest + workers instance serves a site from its own PostgreSQL and Redis and
   * syncs with the cloud at EDGE_CLOUD_URL (its web URL) with the key and secret the cloud gave when the edge
   * was created. Unset: not an edge. Ingest queues what devices send for the cloud; the workers pull devices,
   * profiles and rule chains down and push the queue up.
   */
  EDGE_CLOUD_URL: url(["http:", "https:"]).optional(),
  EDGE_KEY: z.string().min(1).optional(),
  EDGE_SECRET: z.string().min(1).optional(),
  /** How often the edge asks the cloud for changed devices, profiles and rule chains. */
  EDGE_DOWNLINK_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  /** Entries of the uplink queue sent in one request. */
  EDGE_UPLINK_BATCH: z.coerce.number().int().min(1).max(5_000).default(1_000),
  /** Longest wait between two attempts while the cloud cannot be reached (the wait doubles from 250 ms). */
  EDGE_RETRY_MAX_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),

  /** Address every process's Prometheus /metrics binds to: loopback, so only this machine can scrape. */
  METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  WEB_METRICS_PORT: port.default(9465),
  WORKERS_METRICS_PORT: port.default(9466),

  TELEMETRY_RETENTION_DAYS: z.coerce.number().int().min(1).default(365),

  /** Largest OTA package binary an upload may carry (bytes); the upload is refused with 413 past it. */
  OTA_MAX_PACKAGE_BYTES: z.coerce.number().int().min(1).default(104_857_600),
  /** Bytes of OTA package chunks each ingest process keeps in memory for the devices downloading them. */
  OTA_CHUNK_CACHE_BYTES: z.coerce.number().int().min(0).default(67_108_864),

  /**
   * Seals the secrets tenants store (provider keys, webhook signing secrets): 32 bytes, base64 or hex.
   * `npm start` keeps one under .data; a deployment sets it. To rotate: move the old key to
   * SECRETS_PREVIOUS_KEYS (comma-separated), set a new SECRETS_KEY; the workers re-seal every sealed column at
   * start (packages/api/README.md, "rotating SECRETS_KEY", says when the old key may go).
   */
  SECRETS_KEY: z
    .string()
    .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, "must be 32 bytes as base64 or hex")
    .optional(),
  SECRETS_PREVIOUS_KEYS: z
    .string()
    .default("")
    .transform((text) =>
      text
        .split(",")
        .map((key) => key.trim())
        .filter(Boolean),
    ),
  /** Let webhooks reach loopback and private addresses (link-local stays refused). `npm start` sets it. */
  WEBHOOKS_ALLOW_PRIVATE_NETWORKS: bool.default(false),

  RESEND_API_KEY: z.string().optional(),
  RESEND_BASE_URL: url(["http:", "https:"]).optional(),
  /**
   * The signing secret of the platform account's Resend webhook (to WEB_PUBLIC_URL/api/v1/providers/resend/events):
   * delivery reports of the email sent for tenants without their own Resend account. Unset, they are refused.
   */
  RESEND_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, "must be the webhook's signing secret as Resend shows it (whsec_...)")
    .optional(),
  /**
   * Where notifications reach Twilio's REST API and Slack's Web API: their own hosts unless set (a
   * regional edge, a proxy, or a local server speaking their API in tests). Tenants' credentials are
   * in their notification settings; these only say where to send.
   */
  TWILIO_API_URL: url(["http:", "https:"]).default("https://api.twilio.com"),
  SLACK_API_URL: url(["http:", "https:"]).default("https://slack.com/api/"),
  EMAIL_FROM: z.string().default("IndustryOS <noreply@industryos.local>"),

  DEMO_SEED: bool.default(true),
  DEMO_SIMULATOR: bool.default(true),
});

export type Config = z.infer<typeof envSchema>;
