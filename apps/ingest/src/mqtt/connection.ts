import type { Client } from "aedes";
import {
  DEVICE_TOPICS,
  DeviceProtocolError,
  GATEWAY_TOPICS,
  SHORT_DEVICE_TOPICS,
  formatSharedAttributeUpdate,
  topicMatches,
  type DeviceDownlink,
} from "@industryos/device-protocol";
import {
  encodeAttributeUpdate,
  encodeGatewayAttributeUpdate,
  encodeGatewayRpcRequest,
} from "@industryos/device-protocol/protobuf-encode";
import type { Logger } from "@industryos/runtime";
import type { DownlinkBus } from "../core/downlink-bus.ts";
import type { PayloadFormats } from "../core/payload-formats.ts";
import type { RpcRepository } from "../core/ports.ts";
import type { DeviceSession } from "../core/session.ts";
import type { gateReads } from "./read-gate.ts";

type Downlink = Extract<DeviceDownlink, { type: "SHARED_ATTRIBUTES" | "RPC_REQUEST" }>;

/** RPC ids a connection remembers having sent (see sentRpcs); far more than are ever in flight at once. */
const MAX_REMEMBERED_RPCS = 256;

const NO_SUB_DEVICES: ReadonlyMap<string, DeviceSession> = new Map();

/**
 * The most a PUBLISH carrying `payload` on `topic` can take on the wire: fixed header (up to
 * 5 bytes), topic (2 + its length), packet id (2) and an empty MQTT 5 property list (1).
 */
function publishSizeBound(topic: string, payload: Buffer): number {
  return 5 + 2 + Buffer.byteLength(topic) + 2 + 1 + payload.length;
}

/**
 * One authenticated MQTT connection: its device session, what it subscribed to, the gateway's
 * sub-devices, and how downlinks reach it. Downlinks are written to this client directly,
 * never routed through the broker's topic tree, so no device can receive another's messages.
 */
export class MqttConnection {
  readonly subscriptions = new Map<string, 0 | 1>();
  /** A gateway's sub-devices by name (made on first use: most connections are not gateways). */
  private subDeviceMap: Map<string, DeviceSession> | undefined;
  /** Set once the connection is registered (see read-gate.ts). */
  reads: ReturnType<typeof gateReads> | null = null;
  private readonly detachers: (() => Promise<void>)[] = [];
  /**
   * Server-side RPCs being sent or sent on this connection (`deviceId/requestId`): the live
   * delivery and a flush of the queue (on SUBSCRIBE, or once the downlink subscription is
   * confirmed) can both find one QUEUED, and a device must not get a command twice. Only the
   * latest are kept: one long-lived connection may receive any number of RPCs.
   */
  private sentRpcs: Set<string> | undefined; // made on the first RPC: most connections never get one

  constructor(
    readonly client: Client,
    readonly session: DeviceSession,
    private readonly bus: DownlinkBus,
    private readonly rpc: RpcRepository,
    private readonly logger: Logger,
    /** Ends the connection when the device's credentials change (an MQTT 5 device is told why). */
    private readonly revoke: () => void = () => client.close(),
    /** Device profiles' payload types: RPC requests to a PROTOBUF profile's device are its message. */
    private readonly payloads?: PayloadFormats,
  ) {}

  get subDevices(): ReadonlyMap<string, DeviceSession> {
    return this.subDeviceMap ?? NO_SUB_DEVICES;
  }

  /** The QoS granted for a topic the device would receive on, or null when it has not subscribed. */
  private grantedQos(topic: string): 0 | 1 | null {
    let granted: 0 | 1 | null = null;
    for (const [filter, qos] of this.subscriptions) {
      if (topicMatches(filter, topic)) granted = granted === null ? qos : (Math.max(granted, qos) as 0 | 1);
    }
    return granted;
  }

  /** Publishes to the device if it subscribed to the topic; resolves true once delivered (PUBACK for QoS 1). */
  send(topic: string, body: unknown): Promise<boolean> {
    return this.sendBytes(topic, Buffer.from(JSON.stringify(body)));
  }

  /** `send` for a payload that is not JSON (OTA package chunks). */
  sendBytes(topic: string, payload: Buffer): Promise<boolean> {
    const qos = this.grantedQos(topic);
    if (qos === null || this.client.closed) return Promise.resolve(false);
    const limit = this.client.maximumPacketSize;
    if (limit !== undefined && publishSizeBound(topic, payload) > limit) {
      // An MQTT 5 device announced it cannot take a packet this large; sending it anyway makes
      // the device drop the connection, so it is discarded [MQTT-3.1.2-24, MQTT-3.1.2-25].
      this.logger.info(
        { deviceId: this.session.deviceId, topic, bytes: payload.length, limit },
        "downlink larger than the device's Maximum Packet Size; not sent",
      );
      return Promise.resolve(false);
    }
    return new Promise((resolve) => {
      this.client.publish({ cmd: "publish", topic, payload, qos, retain: false, dup: false }, (error) =>
        resolve(!error),
      );
    });
  }

  async attachDevice() {
    this.detachers.push(
      await this.bus.attach(this.session.deviceId, {
        deliver: (downlink) => this.deliver(this.session, downlink),
        revoke: () => this.revoke(),
      }),
    );
    // An RPC requested while the subscription was being set up was not heard here: it is
    // QUEUED in the database, so send what is queued once listening.
    if ([...this.subscriptions.keys()].some((f) => f.endsWith("/rpc/request/+") || f.startsWith("v2/r/req/"))) {
      await this.flushQueuedRpc();
    }
  }

  /** A gateway starts receiving a sub-device's downlinks once it has named that device. */
  async attachSubDevice(device: DeviceSession) {
    if (this.subDevices.has(device.deviceName)) return;
    (this.subDeviceMap ??= new Map()).set(device.deviceName, device);
    this.detachers.push(
      await this.bus.attach(device.deviceId, { deliver: (downlink) => this.deliver(device, downlink) }),
    );
  }

  async detachAll() {
    await Promise.all(this.detachers.splice(0).map((detach) => detach()));
  }

  private deliver(device: DeviceSession, downlink: DeviceDownlink): boolean {
    if (downlink.type === "CLIENT_RPC_RESPONSE") return false; // answered through DeviceService.clientRpc
    void this.deliverAsync(device, downlink).catch((error: unknown) =>
      this.logger.warn({ err: error }, "downlink delivery failed"),
    );
    return true;
  }

  private async deliverAsync(device: DeviceSession, downlink: Downlink) {
    const viaGateway = device.deviceId !== this.session.deviceId;
    if (downlink.type === "SHARED_ATTRIBUTES") {
      const data = formatSharedAttributeUpdate(downlink);
      const protobuf = await this.speaksProtobuf();
      if (viaGateway && protobuf)
        await this.sendBytes(GATEWAY_TOPICS.attributes, encodeGatewayAttributeUpdate(device.deviceName, downlink));
      else if (viaGateway) await this.send(GATEWAY_TOPICS.attributes, { device: device.deviceName, data });
      else if (protobuf) {
        const payload = encodeAttributeUpdate(downlink);
        if (!(await this.sendBytes(DEVICE_TOPICS.attributes, payload)))
          await this.sendBytes(SHORT_DEVICE_TOPICS.attributes, payload);
      } else if (!(await this.send(DEVICE_TOPICS.attributes, data)))
        await this.send(SHORT_DEVICE_TOPICS.attributes, data);
      return;
    }
    await this.sendRpc(device, downlink);
  }

  /**
   * Whether this connection's device is of a PROTOBUF profile: it then takes shared-attribute
   * updates as AttributeUpdateNotificationMsg and, for a gateway, its sub-devices' downlinks as
   * transport.proto's gateway messages.
   */
  private async speaksProtobuf(): Promise<boolean> {
    return this.payloads !== undefined && (await this.payloads.payloadType(this.session)) === "PROTOBUF";
  }

  /** Where an RPC for `device` goes on this connection, or null when the device has not subscribed to RPC. */
  private rpcTarget(device: DeviceSession, requestId: number, body: { method: string; params: unknown }) {
    if (device.deviceId !== this.session.deviceId) {
      if (this.grantedQos(GATEWAY_TOPICS.rpc) === null) return null;
      return { topic: GATEWAY_TOPICS.rpc, payload: { device: device.deviceName, data: { id: requestId, ...body } } };
    }
    for (const prefix of [DEVICE_TOPICS.rpcRequest, SHORT_DEVICE_TOPICS.rpcRequest]) {
      const topic = `${prefix}${requestId}`;
      if (this.grantedQos(topic) !== null) return { topic, payload: body };
    }
    return null;
  }

  /** Sends one server-side RPC; its status becomes SENT, then DELIVERED (SUCCESSFUL for one-way) when acknowledged. */
  async sendRpc(
    device: DeviceSession,
    rpc: { requestId: number; method: string; params: unknown; oneway?: boolean; expirationTime: number },
  ) {
    if (rpc.expirationTime <= Date.now()) return;
    const target = this.rpcTarget(device, rpc.requestId, { method: rpc.method, params: rpc.params ?? {} });
    if (!target) return; // stays QUEUED until the device subscribes
    const key = `${device.deviceId}/${rpc.requestId}`;
    const sentRpcs = (this.sentRpcs ??= new Set());
    if (sentRpcs.has(key)) return;
    sentRpcs.add(key);
    if (sentRpcs.size > MAX_REMEMBERED_RPCS) sentRpcs.delete(sentRpcs.values().next().value!);
    let delivered = false;
    try {
      const encoded = await this.encodedRpc(device, rpc);
      if (encoded === undefined) return;
      await this.rpc.setStatus(device, rpc.requestId, "SENT");
      delivered = await (encoded
        ? this.sendBytes(target.topic, Buffer.from(encoded))
        : this.send(target.topic, target.payload));
    } finally {
      if (!delivered) sentRpcs.delete(key); // a later flush may send it
    }
    if (!delivered) return;
    await this.rpc.setStatus(device, rpc.requestId, rpc.oneway ? "SUCCESSFUL" : "DELIVERED");
  }

  /**
   * The RPC as the device's profile's RPC request message, or for a gateway's sub-device as the
   * gateway's GatewayDeviceRpcRequestMsg; null to send JSON (a JSON profile). Undefined when it
   * cannot be encoded: the RPC is FAILED with the reason, as the device would never understand it.
   */
  private async encodedRpc(
    device: DeviceSession,
    rpc: { requestId: number; method: string; params: unknown; oneway?: boolean; expirationTime: number },
  ): Promise<Uint8Array | null | undefined> {
    if (!this.payloads) return null;
    if (device.deviceId !== this.session.deviceId)
      return (await this.speaksProtobuf()) ? encodeGatewayRpcRequest(device.deviceName, rpc) : null;
    const request = { method: rpc.method, requestId: rpc.requestId, params: rpc.params ?? {} };
    try {
      return await this.payloads.encodeRpcRequest(device, request);
    } catch (error) {
      if (!(error instanceof DeviceProtocolError)) throw error;
      await this.rpc.setStatus(device, rpc.requestId, "FAILED", { error: error.message });
      return undefined;
    }
  }

  /** Sends every queued, unexpired RPC of the device (called when it subscribes to RPC requests). */
  async flushQueuedRpc(device: DeviceSession = this.session) {
    for (const rpc of await this.rpc.pendingFor(device)) {
      await this.sendRpc(device, { ...rpc, expirationTime: rpc.expiresAt });
    }
  }
}
