import {
  DEVICE_PROFILES_CHANGED_CHANNEL,
  decodeJsonPayload,
  invalidPayload,
  readPayloadTransportConfig,
  type PayloadType,
  type UplinkData,
} from "@industryos/device-protocol";
import {
  decodeProtoPayload,
  decodeThingsBoardUplink,
  type ThingsBoardProtoUplink,
} from "@industryos/device-protocol/protobuf-decode";
import { encodeProtoMessage } from "@industryos/device-protocol/protobuf-encode";
import { compilePayloadSchemas, type ProtoMessageTypes } from "@industryos/device-protocol/protobuf-schema";
import type { Logger, RedisClient } from "@industryos/runtime";
import { BoundedExpiringMap } from "./bounded-expiring-map.ts";
import { StoreUnavailableError } from "./persist-queue.ts";
import type { DeviceSession } from "./session.ts";

type DeviceRef = Pick<DeviceSession, "tenantId" | "deviceId">;

/** Where devices' profiles and their transport settings are read (src/db/payload-format-source.ts). */
export interface PayloadFormatSource {
  /** Each device's profile id and that profile's `transportConfig`, by device id; a device that is gone is absent. */
  deviceProfiles(devices: DeviceRef[]): Promise<Map<string, DeviceProfileTransport>>;
}

export interface DeviceProfileTransport {
  profileId: string;
  transportConfig: unknown;
}

/** An uplink decoded for the device service: the key/value JSON, and the data the rule engine receives. */
export interface DecodedUplink {
  json: unknown;
  data: UplinkData;
}

/** The device → server payloads a profile may describe (an RPC response answers a server-side RPC). */
export type UplinkKind = "telemetry" | "attributes" | "rpcResponse";

/**
 * A request or gateway message decoded into the JSON a JSON device sends on its topic;
 * `protobuf` says the device speaks ThingsBoard's fixed messages, so answers go back as them.
 */
export interface DecodedRequest {
  json: unknown;
  protobuf: boolean;
}

/** A profile's compiled payload types; `broken` names a schema that compiled when saved and not here. */
interface PayloadFormat {
  payloadType: PayloadType;
  types: ProtoMessageTypes;
  broken?: string;
}

const JSON_FORMAT: PayloadFormat = { payloadType: "JSON", types: {} };

/**
 * A device's profile rarely changes; the API announces it when it does (and when a profile's
 * settings change), so entries live long and the TTL only bounds a missed announcement.
 */
const CACHE_TTL_MS = 10 * 60_000;
/** Devices a node may hold, and profiles its devices may use, with room to spare. */
const MAX_DEVICES = 250_000;
const MAX_PROFILES = 20_000;

export function decodeJsonUplink(payload: Uint8Array, maxBytes: number): DecodedUplink {
  return { json: decodeJsonPayload(payload, maxBytes), data: payload };
}

export function decodeJsonRequest(payload: Uint8Array, maxBytes: number): DecodedRequest {
  return { json: decodeJsonPayload(payload, maxBytes), protobuf: false };
}

function decodeRequestWith(
  format: PayloadFormat,
  kind: ThingsBoardProtoUplink,
  payload: Uint8Array,
  maxBytes: number,
): DecodedRequest {
  if (format.payloadType !== "PROTOBUF") return decodeJsonRequest(payload, maxBytes);
  return { json: decodeThingsBoardUplink(kind, payload, maxBytes), protobuf: true };
}

/**
 * What each device's telemetry and attribute payloads are: JSON, or protobuf messages of its
 * profile's schemas (compiled once per profile, not per message). A device on a cached JSON
 * profile costs two map lookups; the first message of a device not seen for a while reads its
 * profile from the database once, however many messages wait for it.
 */
export class PayloadFormats {
  private readonly deviceProfiles = new BoundedExpiringMap<string>(MAX_DEVICES);
  private readonly formats = new BoundedExpiringMap<PayloadFormat>(MAX_PROFILES);
  private readonly loading = new Map<string, Promise<PayloadFormat>>();
  /** Devices whose profile is read by the next query: after a restart every device's first message asks at once. */
  private batch: {
    device: DeviceRef;
    done: (found: DeviceProfileTransport | null) => void;
    failed: (error: unknown) => void;
  }[] = [];
  /** Bumped on every announced change, so a read that started before it does not cache what it read. */
  private generation = 0;

  constructor(
    private readonly source: PayloadFormatSource,
    private readonly logger: Logger,
  ) {}

  /**
   * Drops cached formats when the API announces a profile change (`{deviceProfileId}`) or a
   * device moving to another profile (`{deviceProfileId, deviceId}`), and everything after a
   * reconnect (changes published meanwhile were missed).
   */
  async listen(subscriber: RedisClient): Promise<void> {
    subscriber.on("message", (channel: string, message: string) => {
      if (channel !== DEVICE_PROFILES_CHANGED_CHANNEL) return;
      try {
        const change = JSON.parse(message) as { deviceProfileId?: unknown; deviceId?: unknown };
        this.forget(
          typeof change.deviceProfileId === "string" ? change.deviceProfileId : undefined,
          typeof change.deviceId === "string" ? change.deviceId : undefined,
        );
      } catch {
        this.forget();
      }
    });
    subscriber.on("ready", () => this.forget());
    await subscriber.subscribe(DEVICE_PROFILES_CHANGED_CHANNEL);
  }

  /** Forgets one profile (and one device's profile), or everything when no profile is named. */
  forget(profileId?: string, deviceId?: string) {
    this.generation++;
    if (profileId === undefined) {
      this.formats.clear();
      this.deviceProfiles.clear();
      return;
    }
    this.formats.delete(profileId);
    if (deviceId !== undefined) this.deviceProfiles.delete(deviceId);
  }

  /**
   * Decodes a telemetry or attributes payload as the device's profile says. `declaredJson`: the
   * transport said the body is JSON (HTTP Content-Type, CoAP Content-Format), which a PROTOBUF
   * profile's device may still send. Synchronous when the device's format is cached.
   */
  decode(
    session: DeviceSession,
    kind: UplinkKind,
    payload: Uint8Array,
    maxBytes: number,
    declaredJson = false,
  ): DecodedUplink | Promise<DecodedUplink> {
    if (declaredJson) return decodeJsonUplink(payload, maxBytes);
    const format = this.cachedFormat(session.deviceId);
    if (format) return decodeWith(format, kind, payload, maxBytes);
    return this.load(session).then((loaded) => decodeWith(loaded, kind, payload, maxBytes));
  }

  /**
   * A client-side RPC request, claim or gateway message: JSON, or for a PROTOBUF profile's device
   * the ThingsBoard message of that topic (ThingsBoard's ProtoMqttAdaptor does the same; the
   * profile's own schemas describe only telemetry, attributes and server-side RPC).
   */
  decodeRequest(
    session: DeviceSession,
    kind: ThingsBoardProtoUplink,
    payload: Uint8Array,
    maxBytes: number,
  ): DecodedRequest | Promise<DecodedRequest> {
    const format = this.cachedFormat(session.deviceId);
    if (format) return decodeRequestWith(format, kind, payload, maxBytes);
    return this.load(session).then((loaded) => decodeRequestWith(loaded, kind, payload, maxBytes));
  }

  /** The device's profile's payload type, for messages the server sends it unasked (a gateway's sub-device downlinks). */
  payloadType(session: DeviceSession): Promise<PayloadType> {
    const format = this.cachedFormat(session.deviceId);
    return format ? Promise.resolve(format.payloadType) : this.load(session).then((loaded) => loaded.payloadType);
  }

  /**
   * A server-side RPC request as the device's profile's RPC request message, or null when the
   * device takes JSON. Throws (rejects) a DeviceProtocolError when the request does not fit the message.
   */
  encodeRpcRequest(
    session: DeviceSession,
    request: { method: string; requestId: number; params: unknown },
  ): Promise<Uint8Array | null> {
    const encode = (format: PayloadFormat) => {
      if (format.broken) throw invalidPayload(format.broken);
      const type = format.types.rpcRequest;
      return type ? encodeProtoMessage(type, request) : null;
    };
    const format = this.cachedFormat(session.deviceId);
    try {
      return Promise.resolve(format ? encode(format) : this.load(session).then(encode));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private cachedFormat(deviceId: string): PayloadFormat | undefined {
    const profileId = this.deviceProfiles.get(deviceId);
    return profileId === undefined ? undefined : this.formats.get(profileId);
  }

  private load(session: DeviceSession): Promise<PayloadFormat> {
    const pending = this.loading.get(session.deviceId);
    if (pending) return pending;
    const generation = this.generation;
    const loaded = this.readProfile(session).then((found) => {
      if (!found) return JSON_FORMAT; // deleted meanwhile: the store refuses its data anyway
      const format = this.formats.get(found.profileId) ?? this.compile(found);
      if (generation === this.generation) {
        this.formats.set(found.profileId, format, CACHE_TTL_MS);
        this.deviceProfiles.set(session.deviceId, found.profileId, CACHE_TTL_MS);
      }
      return format;
    });
    this.loading.set(session.deviceId, loaded);
    const done = () => this.loading.delete(session.deviceId);
    loaded.then(done, done);
    return loaded;
  }

  /** One device's profile, read together with those of every device asking in the same turn of the event loop. */
  private readProfile(device: DeviceRef): Promise<DeviceProfileTransport | null> {
    return new Promise((done, failed) => {
      if (this.batch.length === 0) setImmediate(() => this.readBatch());
      this.batch.push({ device, done, failed });
    });
  }

  private readBatch() {
    const batch = this.batch;
    this.batch = [];
    this.source.deviceProfiles(batch.map((b) => b.device)).then(
      (found) => {
        for (const { device, done } of batch) done(found.get(device.deviceId) ?? null);
      },
      (error: unknown) => {
        // The database is away: nothing could be stored anyway, so the device is told to send again
        // later (MQTT 5 0x89 / closed connection, HTTP and CoAP 503), as for a write that times out.
        const unavailable = new StoreUnavailableError(error);
        for (const { failed } of batch) failed(unavailable);
      },
    );
  }

  private compile({ profileId, transportConfig }: DeviceProfileTransport): PayloadFormat {
    const config = readPayloadTransportConfig(transportConfig);
    if (config.payloadType !== "PROTOBUF") return JSON_FORMAT;
    const compiled = compilePayloadSchemas(config);
    if (compiled.ok) return { payloadType: "PROTOBUF", types: compiled.types };
    // The API compiled it on save; only a schema written around the API, or a protobufjs that
    // reads it differently, gets here. Its devices' messages are refused with this reason.
    const issue = compiled.issues[0]!;
    this.logger.warn({ profileId, issue }, "device profile schema does not compile; its payloads are refused");
    return {
      payloadType: "PROTOBUF",
      types: {},
      broken: `the device profile's ${issue.field} does not compile: ${issue.message}`,
    };
  }
}

function decodeWith(format: PayloadFormat, kind: UplinkKind, payload: Uint8Array, maxBytes: number): DecodedUplink {
  if (format.broken) throw invalidPayload(format.broken);
  const type = format.types[kind];
  if (!type) return decodeJsonUplink(payload, maxBytes);
  const decoded = decodeProtoPayload(type, payload, maxBytes);
  return { json: decoded.json, data: decoded.text };
}
