import type { RedisClient } from "@industryos/runtime";
import {
  formatAttributeResponse,
  formatSharedAttributeUpdate,
  parseAttributeRequest,
  parseAttributes,
  parseClaim,
  parseRpcRequest,
  parseTelemetry,
  partitionOf,
  rpcResponseChannel,
  ruleEngineEntry,
  ruleEngineStream,
  type AttributeKeysRequest,
  type AttributeValues,
  type DeviceDownlink,
  type UplinkData,
} from "@industryos/device-protocol";
import type { ActivityTracker } from "./activity-tracker.ts";
import { firmwareStatusReports, type FirmwareStatusReport, type FirmwareStatusStore } from "./firmware-status.ts";
import { sessionLimitsAnswer, type DeviceLimits } from "./device-limits.ts";
import { recordClaim } from "./claims.ts";
import { nextDownlink } from "./long-poll.ts";
import type { DownlinkBus } from "./downlink-bus.ts";
import type { ThingsBoardProtoUplink } from "@industryos/device-protocol/protobuf-decode";
import {
  decodeJsonRequest,
  decodeJsonUplink,
  type DecodedRequest,
  type DecodedUplink,
  type PayloadFormats,
  type UplinkKind,
} from "./payload-formats.ts";
import type { PersistQueue, QueueTicket } from "./persist-queue.ts";
import type { DeviceDirectory, RpcRepository } from "./ports.ts";
import type { DeviceSession } from "./session.ts";

export interface DeviceServiceDeps {
  queue: PersistQueue;
  directory: DeviceDirectory;
  rpc: RpcRepository;
  bus: DownlinkBus;
  activity: ActivityTracker;
  redis: RedisClient;
  limits: DeviceLimits;
  /** How long a device waits for the rule engine to answer a client-side RPC. */
  clientRpcTimeoutMs?: number;
  /** Where reported `fw_state`/`current_fw_*` (and `sw_*`) go, after the telemetry is stored. */
  firmwareStatus?: FirmwareStatusStore;
  /** Each device profile's payload type (JSON or protobuf); without it every payload is JSON. */
  payloads?: PayloadFormats;
}

/**
 * Options every transport passes on submit: MQTT waits for room (its socket is not read
 * meanwhile) using the slot it reserved before decoding; HTTP/CoAP refuse at once when full.
 */
export interface SubmitOptions {
  wait: boolean;
  ticket?: QueueTicket;
}

/**
 * What a device can do, independent of the transport: each adapter decodes its wire format
 * into JSON plus a session and calls one of these. Everything persisted goes through the
 * persist queue, so the transport's acknowledgement follows the commit.
 */
export class DeviceService {
  /** Each device's last OTA status write still in flight (see recordInOrder). */
  private readonly statusWrites = new Map<string, Promise<void>>();

  constructor(readonly deps: DeviceServiceDeps) {}

  /**
   * A telemetry or attributes payload decoded as the device's profile says (JSON, or its protobuf
   * message turned into the same JSON), for postTelemetry / postAttributes. Synchronous for JSON
   * and for devices whose profile is cached; a payload that does not decode throws (or rejects)
   * a DeviceProtocolError, which each transport answers with its own code.
   */
  decodeUplink(
    session: DeviceSession,
    kind: UplinkKind,
    payload: Uint8Array,
    maxBytes: number,
    declaredJson = false,
  ): DecodedUplink | Promise<DecodedUplink> {
    const { payloads } = this.deps;
    return payloads
      ? payloads.decode(session, kind, payload, maxBytes, declaredJson)
      : decodeJsonUplink(payload, maxBytes);
  }

  /**
   * A client-side RPC request, claim or gateway message decoded as the device's profile says:
   * JSON, or ThingsBoard's fixed protobuf message for the topic (turned into the same JSON).
   */
  decodeRequest(
    session: DeviceSession,
    kind: ThingsBoardProtoUplink,
    payload: Uint8Array,
    maxBytes: number,
  ): DecodedRequest | Promise<DecodedRequest> {
    const { payloads } = this.deps;
    return payloads ? payloads.decodeRequest(session, kind, payload, maxBytes) : decodeJsonRequest(payload, maxBytes);
  }

  /** `json` is `data` decoded: the values are stored, and the rule engine receives `data` (JSON text). */
  postTelemetry(
    session: DeviceSession,
    json: unknown,
    data: UplinkData,
    opts: SubmitOptions,
    receivedAt = Date.now(),
  ): Promise<void> {
    // A plain function returning the queue's promise (one per message, not three); a payload
    // that does not parse still rejects rather than throws.
    try {
      const points = parseTelemetry(json, receivedAt);
      this.deps.activity.activity(session.tenantId, session.deviceId, receivedAt);
      // `{}`: accepted and nothing stored, as ThingsBoard does (its HTTP SDK's connection test).
      if (points.length === 0) return Promise.resolve();
      const uplink = {
        type: "TELEMETRY" as const,
        tenantId: session.tenantId,
        deviceId: session.deviceId,
        receivedAt,
        points,
        data,
      };
      const admitted = this.deps.limits.admit(session, "telemetry", points);
      const stored =
        admitted === undefined
          ? this.deps.queue.submit(uplink, opts)
          : admitted.then(() => this.deps.queue.submit(uplink, opts));
      // OTA progress is kept per device once the message is stored, and before the device is
      // acknowledged: a report that could not be kept is sent again, like any unacknowledged message.
      const reports = this.deps.firmwareStatus ? firmwareStatusReports(points) : null;
      if (reports === null) return stored;
      return this.recordInOrder(session, stored, reports);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * A device's OTA reports are written in the order it sent them: DOWNLOADED, VERIFIED, UPDATING, UPDATED often
   * arrive within a millisecond, commit together, and written side by side the last to land would win.
   */
  private recordInOrder(session: DeviceSession, stored: Promise<void>, reports: FirmwareStatusReport[]) {
    const previous = this.statusWrites.get(session.deviceId);
    const recorded = Promise.all([stored, previous?.catch(() => undefined)]).then(() =>
      this.deps.firmwareStatus!.record(session, reports),
    );
    this.statusWrites.set(session.deviceId, recorded);
    const forget = () => {
      if (this.statusWrites.get(session.deviceId) === recorded) this.statusWrites.delete(session.deviceId);
    };
    recorded.then(forget, forget);
    return recorded;
  }

  postAttributes(
    session: DeviceSession,
    json: unknown,
    data: UplinkData,
    opts: SubmitOptions,
    receivedAt = Date.now(),
  ): Promise<void> {
    try {
      const attributes = parseAttributes(json);
      this.deps.activity.activity(session.tenantId, session.deviceId, receivedAt);
      const uplink = {
        type: "ATTRIBUTES" as const,
        tenantId: session.tenantId,
        deviceId: session.deviceId,
        receivedAt,
        scope: "CLIENT" as const,
        attributes,
        data,
      };
      const admitted = this.deps.limits.admit(session, "attributes", attributes);
      if (admitted === undefined) return this.deps.queue.submit(uplink, opts);
      return admitted.then(() => this.deps.queue.submit(uplink, opts));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The requested keys' typed values by scope (all of a scope when none are named). */
  async attributeValues(session: DeviceSession, request: AttributeKeysRequest): Promise<AttributeValues> {
    const [client, shared] = await Promise.all([
      request.clientKeys && request.clientKeys.length === 0
        ? []
        : this.deps.directory.readAttributes(session, "CLIENT", request.clientKeys),
      request.sharedKeys && request.sharedKeys.length === 0
        ? []
        : this.deps.directory.readAttributes(session, "SHARED", request.sharedKeys),
    ]);
    return { client, shared };
  }

  /** `{"client": {...}, "shared": {...}}` for the requested keys (all of a scope when none are named). */
  async getAttributes(session: DeviceSession, request: AttributeKeysRequest) {
    return formatAttributeResponse(await this.attributeValues(session, request));
  }

  async requestAttributes(session: DeviceSession, json: unknown) {
    return this.getAttributes(session, parseAttributeRequest(json));
  }

  /** The device answered server-side RPC `requestId`: record it and hand it to whoever is waiting. */
  async rpcResponse(session: DeviceSession, requestId: number, body: unknown): Promise<void> {
    await this.deps.rpc.setStatus(session, requestId, "SUCCESSFUL", body);
    await this.deps.redis.publish(
      rpcResponseChannel(session.deviceId, requestId),
      JSON.stringify({ requestId, response: body }),
    );
  }

  /**
   * Device → server RPC. `getSessionLimits` is answered here with the tenant's limits in
   * ThingsBoard's format (ThingsBoard does the same); anything else goes to the rule engine, and
   * the answer comes back as a CLIENT_RPC_RESPONSE downlink. Resolves with the response, or null
   * when nobody answered in time.
   */
  async clientRpc(
    session: DeviceSession,
    requestId: number,
    json: unknown,
    transport: { maxPayloadSize: number; maxInflightMessages: number },
  ): Promise<unknown> {
    const request = parseRpcRequest(json);
    if (request.method === "getSessionLimits") {
      return sessionLimitsAnswer(await this.deps.limits.limitsOf(session.tenantId), session, transport);
    }
    const timeoutMs = this.deps.clientRpcTimeoutMs ?? 10_000;
    let answered: (value: unknown) => void = () => undefined;
    const answer = new Promise<unknown>((resolve) => (answered = resolve));
    // Listen before asking, so a fast answer cannot slip past.
    const detach = await this.deps.bus.attach(session.deviceId, {
      deliver: (downlink: DeviceDownlink) => {
        if (downlink.type !== "CLIENT_RPC_RESPONSE" || downlink.requestId !== requestId) return false;
        answered(downlink.body);
        return true;
      },
    });
    const timer = setTimeout(() => answered(null), timeoutMs);
    try {
      await this.deps.redis.xadd(
        ruleEngineStream(partitionOf(session.deviceId)),
        "*",
        ...ruleEngineEntry([
          JSON.stringify({
            type: "TO_SERVER_RPC_REQUEST",
            tenantId: session.tenantId,
            deviceId: session.deviceId,
            requestId,
            method: request.method,
            params: request.params ?? {},
          }),
        ]),
      );
      return await answer;
    } finally {
      clearTimeout(timer);
      await detach();
    }
  }

  async claim(session: DeviceSession, json: unknown): Promise<void> {
    await recordClaim(this.deps.redis, session.tenantId, session.deviceId, parseClaim(json));
  }

  /**
   * The next server-side RPC for a polling device (HTTP long poll, CoAP): a queued one first,
   * else the next one published while waiting. Marked DELIVERED (SUCCESSFUL if one-way) as it
   * is handed over.
   */
  async nextRpc(session: DeviceSession, timeoutMs: number, signal?: AbortSignal) {
    const [queued] = await this.deps.rpc.pendingFor(session);
    const rpc = queued
      ? { requestId: queued.requestId, method: queued.method, params: queued.params, oneway: queued.oneway }
      : await nextDownlink(this.deps.bus, session.deviceId, "RPC_REQUEST", timeoutMs, signal);
    if (!rpc) return null;
    await this.deps.rpc.setStatus(session, rpc.requestId, rpc.oneway ? "SUCCESSFUL" : "DELIVERED");
    return { id: rpc.requestId, method: rpc.method, params: rpc.params ?? {} };
  }

  /** The next shared-attribute change for a polling device, formatted as ThingsBoard sends it. */
  async nextAttributeUpdate(session: DeviceSession, timeoutMs: number, signal?: AbortSignal) {
    const update = await nextDownlink(this.deps.bus, session.deviceId, "SHARED_ATTRIBUTES", timeoutMs, signal);
    return update ? formatSharedAttributeUpdate(update) : null;
  }
}
