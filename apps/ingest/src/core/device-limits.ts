import { RefusedError } from "./refusals.ts";
import type { DeviceSession } from "./session.ts";

/**
 * ThingsBoard's rate-limit strings ("capacity:seconds,..." e.g. "10:1,300:60") as its
 * getSessionLimits answer carries them; null where the tenant has none, as ThingsBoard sends.
 */
export interface SessionRateLimits {
  messages: string | null;
  telemetryMessages: string | null;
  telemetryDataPoints: string | null;
}

/** The limits a tenant's devices work under, from `Tenant.settings.limits` over ingest's defaults. */
export interface TenantDeviceLimits {
  maxKeysPerMessage: number;
  maxKeysPerDevice: number;
  /** A device's own limits (ThingsBoard: transportDevice*RateLimit). */
  device: SessionRateLimits;
  /** A gateway connection's own limits (transportGateway*RateLimit). */
  gateway: SessionRateLimits;
  /** Each device behind a gateway (transportGatewayDevice*RateLimit). */
  gatewayDevice: SessionRateLimits;
}

export interface KeyLimitDefaults {
  maxKeysPerMessage: number;
  maxKeysPerDevice: number;
}

/**
 * Unacknowledged messages a device may have outstanding: MQTT 5 Receive Maximum, and
 * `maxInflightMessages` of getSessionLimits on every transport.
 */
export const MAX_INFLIGHT_MESSAGES = 100;

const RATE_LIMIT = /^\d+:\d+(,\d+:\d+)*$/;

function rateLimit(limits: Record<string, unknown>, name: string): string | null {
  const value = limits[name];
  return typeof value === "string" && RATE_LIMIT.test(value.replace(/\s/g, "")) ? value.replace(/\s/g, "") : null;
}

function positiveInt(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

function rateLimits(limits: Record<string, unknown>, prefix: string): SessionRateLimits {
  return {
    messages: rateLimit(limits, `${prefix}MsgRateLimit`),
    telemetryMessages: rateLimit(limits, `${prefix}TelemetryMsgRateLimit`),
    telemetryDataPoints: rateLimit(limits, `${prefix}TelemetryDataPointsRateLimit`),
  };
}

/**
 * Reads `Tenant.settings.limits`: `maxKeysPerMessage`, `maxKeysPerDevice` and ThingsBoard's
 * tenant-profile rate-limit fields (`transportDeviceMsgRateLimit`, ...). Anything missing or
 * malformed takes the default, so a bad setting never stops a tenant's devices.
 */
export function tenantDeviceLimits(settings: unknown, defaults: KeyLimitDefaults): TenantDeviceLimits {
  const raw = (settings as { limits?: unknown } | null | undefined)?.limits;
  const limits = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  return {
    maxKeysPerMessage: positiveInt(limits.maxKeysPerMessage, defaults.maxKeysPerMessage),
    maxKeysPerDevice: positiveInt(limits.maxKeysPerDevice, defaults.maxKeysPerDevice),
    device: rateLimits(limits, "transportDevice"),
    gateway: rateLimits(limits, "transportGateway"),
    gatewayDevice: rateLimits(limits, "transportGatewayDevice"),
  };
}

/**
 * The body of ThingsBoard's answer to the `getSessionLimits` RPC (its MqttTransportHandler:
 * SessionLimits, GatewaySessionLimits). `rateLimits` is always there — ThingsBoard's Python
 * SDK ignores an answer without it — and a gateway also gets `gatewayRateLimits`, with
 * `rateLimits` then being the limits of each device behind it.
 */
export function sessionLimitsAnswer(
  limits: TenantDeviceLimits,
  session: Pick<DeviceSession, "isGateway">,
  transport: { maxPayloadSize: number; maxInflightMessages: number },
): Record<string, unknown> {
  const answer: Record<string, unknown> = {
    maxPayloadSize: transport.maxPayloadSize,
    maxInflightMessages: transport.maxInflightMessages,
    rateLimits: session.isGateway ? limits.gatewayDevice : limits.device,
  };
  if (session.isGateway) answer.gatewayRateLimits = limits.gateway;
  return answer;
}

/** Where the limits and a device's known keys come from (the database, in production). */
export interface DeviceLimitsSource {
  /** `Tenant.settings` of a tenant (null when it has none). */
  tenantSettings(tenantId: string): Promise<unknown>;
  /** The telemetry keys (series) and client-attribute keys each device has stored. */
  deviceKeys(devices: Pick<DeviceSession, "tenantId" | "deviceId">[]): Promise<Map<string, DeviceKeys>>;
}

export interface DeviceKeys {
  telemetry: string[];
  attributes: string[];
}

export type KeyKind = "telemetry" | "attributes";

interface KnownKeys {
  telemetry: Set<string>;
  attributes: Set<string>;
  loadedAt: number;
}

export interface DeviceLimitsOptions {
  source: DeviceLimitsSource;
  defaults: KeyLimitDefaults;
  /** How long a tenant's limits are used before they are read again (default 30 s). */
  tenantTtlMs?: number;
  /** How long a device's known keys are trusted before they are read again (default 10 min): deleted keys free their place then. */
  deviceTtlMs?: number;
  /** Keys held in memory in all (default 2,000,000); past it every device's keys are read again. */
  maxTrackedKeys?: number;
  now?: () => number;
}

/**
 * Per-message and per-device key limits (security finding 9). The distinct keys of each device
 * are read from the database once (coalesced: the devices that need it in one tick share one
 * query), then kept in memory, so a message whose keys the device has used before costs one
 * Set lookup per key: the steady state reads nothing. A new key is counted as soon as its message
 * is admitted, before the commit; a message that then fails was counted all the same, which can
 * only make the limit stricter, never let a device past it.
 */
export class DeviceLimits {
  private readonly tenants = new Map<string, { limits: TenantDeviceLimits; until: number }>();
  private readonly tenantLoads = new Map<string, Promise<TenantDeviceLimits>>();
  private devices = new Map<string, KnownKeys>();
  private tracked = 0;
  private readonly deviceLoads = new Map<string, Promise<KnownKeys | null>>();
  private batch: { session: Pick<DeviceSession, "tenantId" | "deviceId">; done: (keys: KnownKeys | null) => void }[] =
    [];
  private readonly now: () => number;

  constructor(private readonly options: DeviceLimitsOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The tenant's limits, read at most once per TTL. */
  limitsOf(tenantId: string): TenantDeviceLimits | Promise<TenantDeviceLimits> {
    const cached = this.tenants.get(tenantId);
    if (cached && cached.until > this.now()) return cached.limits;
    let load = this.tenantLoads.get(tenantId);
    if (!load) {
      const ttl = this.options.tenantTtlMs ?? 30_000;
      load = this.options.source.tenantSettings(tenantId).then(
        (settings) => tenantDeviceLimits(settings, this.options.defaults),
        // The database is unreachable: its writes will fail anyway; the defaults hold meanwhile.
        () => tenantDeviceLimits(null, this.options.defaults),
      );
      load = load.then((limits) => {
        this.tenantLoads.delete(tenantId);
        this.tenants.set(tenantId, { limits, until: this.now() + ttl });
        return limits;
      });
      this.tenantLoads.set(tenantId, load);
    }
    return load;
  }

  /**
   * Refuses (RefusedError QUOTA_EXCEEDED) a message with more distinct keys than the tenant
   * allows per message, or whose new keys would take the device past its limit; otherwise
   * counts its new keys. Returns undefined when decided at once (the steady state), else a
   * promise that settles once the tenant's limits or the device's keys are read.
   */
  admit(
    session: Pick<DeviceSession, "tenantId" | "deviceId">,
    kind: KeyKind,
    entries: readonly { key: string }[],
  ): Promise<void> | undefined {
    const limits = this.limitsOf(session.tenantId);
    const known = this.devices.get(session.deviceId);
    if (!(limits instanceof Promise) && known && known.loadedAt + (this.options.deviceTtlMs ?? 600_000) > this.now()) {
      this.check(limits, known[kind], kind, entries);
      return undefined;
    }
    return Promise.all([limits, this.loadDevice(session)]).then(([l, k]) => this.check(l, k?.[kind], kind, entries));
  }

  /** `known` undefined: the device's keys could not be read, so only the per-message limit is checked. */
  private check(
    limits: TenantDeviceLimits,
    known: Set<string> | undefined,
    kind: KeyKind,
    entries: readonly { key: string }[],
  ) {
    const perMessage = limits.maxKeysPerMessage;
    if (entries.length > perMessage) {
      const distinct = new Set<string>();
      for (const { key } of entries) distinct.add(key);
      if (distinct.size > perMessage) {
        throw new RefusedError(
          "QUOTA_EXCEEDED",
          `the message has ${distinct.size} keys; the limit is ${perMessage} keys per message`,
          { limit: "maxKeysPerMessage", max: perMessage, keys: distinct.size },
        );
      }
    }
    if (!known) return;
    let fresh: Set<string> | undefined;
    for (const { key } of entries) if (!known.has(key)) (fresh ??= new Set()).add(key);
    if (!fresh) return;
    const perDevice = limits.maxKeysPerDevice;
    if (known.size + fresh.size > perDevice) {
      const what = kind === "telemetry" ? "telemetry keys" : "client attribute keys";
      throw new RefusedError(
        "QUOTA_EXCEEDED",
        `the device has ${known.size} ${what}; ${fresh.size} new would pass the limit of ${perDevice} per device`,
        { limit: "maxKeysPerDevice", kind, max: perDevice, keys: known.size, newKeys: fresh.size },
      );
    }
    for (const key of fresh) known.add(key);
    this.tracked += fresh.size;
  }

  /**
   * Null when the database cannot be read: the message is then admitted without the per-device
   * check (its write waits for the database anyway) and the keys are read with the next one.
   */
  private loadDevice(session: Pick<DeviceSession, "tenantId" | "deviceId">): Promise<KnownKeys | null> {
    let load = this.deviceLoads.get(session.deviceId);
    if (load) return load;
    load = new Promise<KnownKeys | null>((resolve) => {
      if (this.batch.length === 0) setImmediate(() => this.readBatch());
      this.batch.push({ session, done: resolve });
    });
    this.deviceLoads.set(session.deviceId, load);
    const forget = () => this.deviceLoads.delete(session.deviceId);
    load.then(forget, forget);
    return load;
  }

  /** One query for every device that needed its keys read in this tick. */
  private readBatch() {
    const batch = this.batch;
    this.batch = [];
    this.options.source.deviceKeys(batch.map((b) => b.session)).then(
      (found) => {
        if (this.tracked > (this.options.maxTrackedKeys ?? 2_000_000)) {
          this.devices = new Map();
          this.tracked = 0;
        }
        for (const { session, done } of batch) {
          const keys = found.get(session.deviceId) ?? { telemetry: [], attributes: [] };
          const previous = this.devices.get(session.deviceId);
          if (previous) this.tracked -= previous.telemetry.size + previous.attributes.size;
          const known = {
            telemetry: new Set(keys.telemetry),
            attributes: new Set(keys.attributes),
            loadedAt: this.now(),
          };
          this.tracked += known.telemetry.size + known.attributes.size;
          this.devices.set(session.deviceId, known);
          done(known);
        }
      },
      () => {
        for (const { done } of batch) done(null);
      },
    );
  }
}
