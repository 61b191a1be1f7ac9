import { createHash } from "node:crypto";
import type { Logger, RedisClient } from "@industryos/runtime";
import type { BasicCredentialRecord, DeviceDirectory } from "./ports.ts";
import { failureStreak } from "./failure-streak.ts";
import { LocalFailureCounter } from "./local-failure-counter.ts";
import { RedisTurnBatch } from "./redis-turn-batch.ts";
import { VerifiedSecrets } from "./verified-secrets.ts";
import type { JwtVerifier } from "./jwt/jwt-verifier.ts";
import { jwtCredentialsId } from "@industryos/db";
import { basicCredentialIds, type DeviceCredentials, type DeviceSession } from "./session.ts";
import { credentialCacheKey, deviceAuthFailuresKey, deviceCacheIndexKey } from "@industryos/device-bus";

export type AuthResult =
  { ok: true; session: DeviceSession } | { ok: false; reason: "BAD_CREDENTIALS" | "RATE_LIMITED" };

export interface AuthenticatorOptions {
  directory: DeviceDirectory;
  redis: RedisClient;
  /** Seconds a resolved credential stays cached; 0 disables the cache. */
  cacheSeconds: number;
  /** Failed attempts per source address per minute before that address is refused outright. */
  failuresPerMinute: number;
  logger: Logger;
  /** Told of every refusal (metrics). */
  onFailure?: (reason: "BAD_CREDENTIALS" | "RATE_LIMITED") => void;
  /** Verifies JWT credentials against the tenants' issuers; without it every JWT is refused. */
  jwt?: JwtVerifier;
}

/** Unknown credentials are cached briefly too, so a device retrying a wrong token does not hit the database each time. */
const NEGATIVE_CACHE_SECONDS = 5;

/**
 * The one "credentials → session" function every transport calls. Sessions are cached in
 * Redis (shared by all ingest nodes, dropped by `invalidateDeviceCredentials`), and repeated
 * failures from one address are refused for a minute without touching the database.
 *
 * Redis only makes this cheaper: while it is unavailable, devices are authenticated from the
 * database alone, rather than every connection being refused, and failures are counted in this
 * process, so the failed-login limit holds through an outage.
 */
export class Authenticator {
  private readonly cacheFailures = failureStreak((error) =>
    this.options.logger.warn({ err: error }, "credential cache unavailable; authenticating from the database"),
  );
  private readonly localFailures = new LocalFailureCounter();
  private readonly verified = new VerifiedSecrets({ ttlMs: 3_600_000, max: 100_000 });

  /** The cache's reads and writes of every CONNECT in one event-loop turn go out together. */
  private readonly batch: RedisTurnBatch;

  constructor(private readonly options: AuthenticatorOptions) {
    this.batch = new RedisTurnBatch(options.redis);
  }

  /** A Redis call whose failure costs only the cache: `fallback` when Redis is not connected or the call fails. */
  private async tryRedis<T, F>(call: (redis: RedisClient) => Promise<T>, fallback: F): Promise<T | F> {
    const { redis } = this.options;
    if (redis.status !== "ready") return fallback;
    try {
      const result = await call(redis);
      this.cacheFailures.succeeded();
      return result;
    } catch (error) {
      this.cacheFailures.failed(error);
      return fallback;
    }
  }

  async authenticate(credentials: DeviceCredentials, remoteAddress: string | undefined): Promise<AuthResult> {
    const address = remoteAddress ?? "unknown";
    const failuresKey = deviceAuthFailuresKey(address);
    const shared = await this.tryRedis(() => this.batch.send<string | null>("get", failuresKey), null);
    const failures = Math.max(Number(shared ?? 0), this.localFailures.count(address));
    if (failures >= this.options.failuresPerMinute) {
      this.options.onFailure?.("RATE_LIMITED");
      return { ok: false, reason: "RATE_LIMITED" };
    }

    // No stored credential holds a NUL (PostgreSQL text cannot), and a query carrying one fails:
    // such credentials are wrong, not a server error.
    const session = hasNul(credentials) ? null : await this.lookup(credentials);
    if (session) return { ok: true, session };

    const counted = await this.tryRedis((r) => r.multi().incr(failuresKey).expire(failuresKey, 60, "NX").exec(), null);
    if (!counted) this.localFailures.add(address);
    this.options.logger.info({ address, credentialType: credentials.type }, "device authentication failed");
    this.options.onFailure?.("BAD_CREDENTIALS");
    return { ok: false, reason: "BAD_CREDENTIALS" };
  }

  private async lookup(credentials: DeviceCredentials): Promise<DeviceSession | null> {
    if (credentials.type === "MQTT_BASIC") return this.lookupBasic(credentials);
    if (credentials.type === "JWT") return this.lookupJwt(credentials.token);
    const id = credentials.type === "ACCESS_TOKEN" ? credentials.token : credentials.thumbprint;
    return this.cached(
      credentialCacheKey(credentials.type, id),
      (s) => s.deviceId,
      () => this.options.directory.findDevice(credentials),
    );
  }

  /**
   * The token is verified on every login (a signature check, no database), then the device is
   * found by its tenant and claim value through the same cache as access tokens. The session
   * carries the token's expiry, so a connection that outlives the token can be closed.
   */
  private async lookupJwt(token: string): Promise<DeviceSession | null> {
    for (const verified of (await this.options.jwt?.verify(token)) ?? []) {
      const credentialsId = jwtCredentialsId(verified.tenantId, verified.subject);
      const session = await this.cached(
        credentialCacheKey("JWT", credentialsId),
        (s) => s.deviceId,
        () => this.options.directory.findDevice({ type: "JWT", credentialsId }),
      );
      if (session) return { ...session, expiresAt: verified.expiresAt };
    }
    return null;
  }

  /**
   * The credential records are cached in Redis, never the outcome: the password is checked
   * against the stored hash on every CONNECT, so a cache entry grants nothing without the
   * password. A password this process verified against that same hash lately is recognised
   * without hashing it again (VerifiedSecrets).
   */
  private async lookupBasic(
    credentials: Extract<DeviceCredentials, { type: "MQTT_BASIC" }>,
  ): Promise<DeviceSession | null> {
    const ids = basicCredentialIds(credentials);
    let fetched: Promise<BasicCredentialRecord[]> | undefined;
    const records = await Promise.all(
      ids.map((id) =>
        this.cached(
          credentialCacheKey("MQTT_BASIC", id),
          (r) => r.session.deviceId,
          async () => {
            fetched ??= this.options.directory.findBasicCredentials(ids); // one query for every candidate
            return (await fetched).find((r) => r.credentialsId === id) ?? null;
          },
        ),
      ),
    );
    const record = records.find((r) => r !== null);
    if (!record) return null;
    const { passwordHash } = record;
    if (passwordHash !== null && this.verified.has(passwordHash, credentials.password)) return record.session;
    if (!(await this.options.directory.verifyPassword(passwordHash, credentials.password))) return null;
    if (passwordHash !== null) this.verified.add(passwordHash, credentials.password);
    return record.session;
  }

  /** Reads through the Redis cache; entries are indexed by device so invalidateDeviceCredentials drops them. */
  private async cached<T>(
    key: string,
    deviceOf: (value: T) => string,
    load: () => Promise<T | null>,
  ): Promise<T | null> {
    if (this.options.cacheSeconds === 0) return load();
    const hit = await this.tryRedis(() => this.batch.send<string | null>("get", key), null);
    if (hit !== null) return JSON.parse(hit) as T | null;
    const value = await load();
    if (value !== null) {
      const index = deviceCacheIndexKey(deviceOf(value));
      const seconds = this.options.cacheSeconds;
      // The entry and its device's index lie on different slots of a Redis Cluster (the entry is
      // found by credential alone), so no MULTI: the index first, so every cached entry is indexed.
      await this.tryRedis(async () => {
        await Promise.all([this.batch.send("sadd", index, key), this.batch.send("expire", index, seconds)]);
        await this.batch.send("set", key, JSON.stringify(value), "EX", seconds);
      }, null);
    } else {
      await this.tryRedis(() => this.batch.send("set", key, "null", "EX", NEGATIVE_CACHE_SECONDS), null);
    }
    return value;
  }
}

function hasNul(credentials: DeviceCredentials): boolean {
  switch (credentials.type) {
    case "ACCESS_TOKEN":
      return credentials.token.includes("\u0000");
    case "MQTT_BASIC":
      return [credentials.clientId, credentials.username, credentials.password].some((s) => s?.includes("\u0000"));
    case "X509_CERTIFICATE":
      return false;
    case "JWT":
      return credentials.token.includes("\u0000");
  }
}

export function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}
