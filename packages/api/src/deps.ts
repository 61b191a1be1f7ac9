import type { DatabaseClients } from "@industryos/db";
import type { Logger } from "@industryos/runtime";
import type { Redis } from "ioredis";

/** The tenant-scoped client: row-level security limits every query to one tenant. */
export type TenantDb = ReturnType<DatabaseClients["forTenant"]>;
/** The privileged client: only for work that happens before the tenant is known. */
export type SystemDb = DatabaseClients["system"];

export interface EmailSettings {
  from: string;
  /** Without a key, emails are written to the log instead of sent. */
  resendApiKey?: string;
  resendBaseUrl?: string;
}

export interface TelemetryPoint {
  ts: number;
  value: unknown;
}

export interface TelemetryQuery {
  keys: string[];
  from: number;
  to: number;
  agg: "NONE" | "AVG" | "MIN" | "MAX" | "SUM" | "COUNT";
  intervalMs?: number;
  limit: number;
  order: "asc" | "desc";
}

/**
 * Reads from the telemetry store (`@industryos/db/telemetry`), already limited to one tenant
 * by the caller. An interface here so the API does not depend on which storage path
 * (TimescaleDB or plain PostgreSQL) the store took.
 */
export interface TelemetryReader {
  latest(tenantId: string, deviceId: string, keys?: string[]): Promise<Record<string, TelemetryPoint>>;
  history(tenantId: string, deviceId: string, query: TelemetryQuery): Promise<Record<string, TelemetryPoint[]>>;
  keys(tenantId: string, deviceId: string): Promise<string[]>;
}

/** Everything the API needs from the outside world; built once per process. */
export interface ApiDeps {
  db: DatabaseClients;
  redis: Redis;
  logger: Logger;
  /** Prefix for every Redis key the API writes, so test files sharing one Redis stay apart. */
  redisPrefix: string;
  publicUrl: string;
  email: EmailSettings;
  /** Device-facing endpoints shown in the "connect your device" box. */
  deviceEndpoints: { mqttHost: string; mqttPort: number; httpUrl: string };
  telemetry: TelemetryReader;
}
