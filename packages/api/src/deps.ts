import type { DatabaseClients } from "@industryos/db";
import type { UplinkPublisher } from "@industryos/device-bus";
import type { TelemetryReader, TelemetryWriter } from "@industryos/db/telemetry";
import type { Logger, RedisClient, SecretBox } from "@industryos/runtime";
import type { LazyTemporalClient } from "@industryos/temporal-client";
import type { BlobStore } from "@industryos/db/blobs";

/** The tenant-scoped client: row-level security limits every query to one tenant. */
export type TenantDb = ReturnType<DatabaseClients["forTenant"]>;
/** The privileged client: only for work that happens before the tenant is known. */
export type SystemDb = DatabaseClients["system"];

export interface EmailSettings {
  from: string;
  /** Without a key, emails are written to the log instead of sent. */
  resendApiKey?: string;
  resendBaseUrl?: string;
  /**
   * RESEND_WEBHOOK_SECRET: the signing secret (`whsec_…`) of the platform account's Resend webhook, which
   * reports the email sent for tenants without an email provider. Absent: those reports are refused.
   */
  resendWebhookSecret?: string;
}

/** How strong a custom device access token must be (DEVICE_TOKEN_MIN_* settings). */
export interface CredentialPolicy {
  minLength: number;
  /** Of lower-case letters, upper-case letters, digits and other characters. */
  minCharacterClasses: number;
}

export const DEFAULT_CREDENTIAL_POLICY: CredentialPolicy = { minLength: 20, minCharacterClasses: 2 };

/** Everything the API needs from the outside world; built once per process. */
export interface ApiDeps {
  db: DatabaseClients;
  redis: RedisClient;
  logger: Logger;
  /** Prefix for every Redis key the API writes, so test files sharing one Redis stay apart. */
  redisPrefix: string;
  publicUrl: string;
  email: EmailSettings;
  /** Device-facing endpoints shown in the "connect your device" box. */
  deviceEndpoints: { mqttHost: string; mqttPort: number; httpUrl: string };
  /** Default: DEFAULT_CREDENTIAL_POLICY. */
  credentialPolicy?: CredentialPolicy;
  /** Telemetry reads, and writes of one tenant's entities (`telemetryReaderFrom(store)` of `@industryos/db/telemetry`). */
  telemetry: TelemetryReader & TelemetryWriter;
  /**
   * Where telemetry posted over REST goes once stored: the rule-engine streams and live channels,
   * through device-bus's publisher, as ingest's uplinks do. Default: one publisher per process
   * over `redis`, with its own outbox (services/telemetry/uplink-publisher.ts).
   */
  uplinks?: UplinkPublisher;
  /**
   * Starts, signals and queries durable work (notifications, webhook retries, campaigns, imports) on the
   * workers. Connects on first use, so the API serves everything else while Temporal is down.
   */
  temporal: LazyTemporalClient;
  /**
   * OTA package binaries: where they live (default: PostgreSQL large objects over the system pool)
   * and the largest upload (OTA_MAX_PACKAGE_BYTES; default 100 MiB).
   */
  ota?: { blobs?: BlobStore; maxPackageBytes?: number };
  /**
   * Seals the secrets tenants give us (provider keys, webhook signing secrets) before they are stored, and
   * opens them where they are used; built from SECRETS_KEY / SECRETS_PREVIOUS_KEYS.
   */
  secrets: SecretBox;
  /**
   * Integrator webhooks: WEBHOOKS_ALLOW_PRIVATE_NETWORKS (default false), whether a webhook may point at
   * loopback and private addresses (link-local ones never), checked when a URL is saved and when the API pings it.
   */
  webhooks?: { allowPrivateNetworks: boolean };
}
