import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { Logger } from "@industryos/runtime";
import type { DeviceDirectory } from "./ports.ts";
import type { DeviceCredentials, DeviceSession } from "./session.ts";
import { credentialCacheKey, deviceCacheIndexKey } from "@industryos/device-bus";

export type AuthResult = { ok: true; session: DeviceSession } | { ok: false; reason: "BAD_CREDENTIALS" | "RATE_LIMITED" };

export interface AuthenticatorOptions {
  directory: DeviceDirectory;
  redis: Redis;
  /** Seconds a resolved credential stays cached; 0 disables the cache. */
  cacheSeconds: number;
  /** Failed attempts per source address per minute before that address is refused outright. */
  failuresPerMinute: number;
  logger: Logger;
}

/** Unknown credentials are cached briefly too, so a device retrying a wrong token does not hit the database each time. */
const NEGATIVE_CACHE_SECONDS = 5;

/**
 * The one "credentials → session" function every transport calls. Sessions are cached in
 * Redis (shared by all ingest nodes, dropped by `invalidateDeviceCredentials`), and repeated
 * failures from one address are refused for a minute without touching the database.
 */
export class Authenticator {
  constructor(private readonly options: AuthenticatorOptions) {}

  async authenticate(credentials: DeviceCredentials, remoteAddress: string | undefined): Promise<AuthResult> {
    const address = remoteAddress ?? "unknown";
    const failuresKey = `ingest:auth-failures:${address}`;
    const failures = Number((await this.options.redis.get(failuresKey)) ?? 0);
    if (failures >= this.options.failuresPerMinute) return { ok: false, reason: "RATE_LIMITED" };

    const session = await this.lookup(credentials);
    if (session) return { ok: true, session };

    await this.options.redis.multi().incr(failuresKey).expire(failuresKey, 60, "NX").exec();
    this.options.logger.info({ address, credentialType: credentials.type }, "device authentication failed");
    return { ok: false, reason: "BAD_CREDENTIALS" };
  }

  private async lookup(credentials: DeviceCredentials): Promise<DeviceSession | null> {
    // Basic credentials are verified against a password hash by the directory on every
    // connect; only the id-based forms are cached.
    if (credentials.type === "MQTT_BASIC" || this.options.cacheSeconds === 0) {
      return this.options.directory.findDevice(credentials);
    }
    const id = credentials.type === "ACCESS_TOKEN" ? credentials.token : credentials.thumbprint;
    const key = credentialCacheKey(credentials.type, id);
    const cached = await this.options.redis.get(key);
    if (cached !== null) return JSON.parse(cached) as DeviceSession | null;
    const session = await this.options.directory.findDevice(credentials);
    if (session) {
      await this.options.redis
        .multi()
        .set(key, JSON.stringify(session), "EX", this.options.cacheSeconds)
        .sadd(deviceCacheIndexKey(session.deviceId), key)
        .expire(deviceCacheIndexKey(session.deviceId), this.options.cacheSeconds)
        .exec();
    } else {
      await this.options.redis.set(key, "null", "EX", NEGATIVE_CACHE_SECONDS);
    }
    return session;
  }
}

export function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}
