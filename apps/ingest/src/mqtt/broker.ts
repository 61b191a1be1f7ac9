import "./quiet-debug.ts"; // before aedes loads mqtt-packet
import "./buffer-list-reads.ts";
import { Aedes, type AuthenticateError, type Client, type PublishPacket } from "aedes";
import {
  DEVICE_TOPICS,
  DeviceProtocolError,
  decodeJsonPayload,
  GATEWAY_TOPICS,
  SHORT_DEVICE_TOPICS,
  isAllowedSubscription,
} from "@industryos/device-protocol";
import type { Logger } from "@industryos/runtime";
import type { Authenticator } from "../core/authenticator.ts";
import { MAX_INFLIGHT_MESSAGES } from "../core/device-limits.ts";
import { refusalOf, type Refusal } from "../core/refusals.ts";
import type { DeviceService } from "../core/device-service.ts";
import { provisionDevice, type DeviceProvisioner } from "../core/provisioning.ts";
import type { CertificateChainProvisioner } from "../core/certificate-provisioning.ts";
import type { DeviceCredentials } from "../core/session.ts";
import { credentialsFromConnect, remoteAddressOf } from "./connect-credentials.ts";
import { closeAtExpiry } from "./credential-expiry.ts";
import { unverifiedPeerCertificates } from "./peer-certificates.ts";
import { MqttConnection } from "./connection.ts";
import { CONSUMED_TOPIC, markConsumed, skipRoutingOfConsumed } from "./consumed.ts";
import type { FirmwareService } from "../core/firmware-service.ts";
import { handleDevicePublish } from "./publish-handler.ts";
import { publishRefusal, REASON_CODES } from "./publish-refusals.ts";
import { expireLegacySessions } from "./legacy-sessions.ts";
import { qos2LimitedPersistence } from "./qos2-limit.ts";
import { PubackWriter } from "./puback-writer.ts";
import { gateReads, ReadAdmission } from "./read-gate.ts";
import { handBackUnacknowledged, V5Acks } from "./v5-acks.ts";

export interface MqttBrokerDeps {
  authenticator: Authenticator;
  service: DeviceService;
  maxPayloadBytes: number;
  provisioner: DeviceProvisioner;
  logger: Logger;
  /** Told of every refused PUBLISH (metrics). */
  onRefused?: (refusal: Refusal) => void;
  /** A persistent session ends this long after its device disconnects (MQTT 5: at most this long). */
  sessionExpirySeconds: number;
  /** Serves OTA package chunks on `v2/fw/request/...` and `v2/sw/request/...`. */
  firmware?: FirmwareService;
  /** X.509 chain provisioning of devices whose client certificate chains to a device profile's CA. */
  certificates?: CertificateChainProvisioner;
}

/**
 * CONNACK return code 5, "not authorized"; aedes sends 0x87 to an MQTT 5 client. Too many
 * failed attempts is refused the same way: aedes' authenticate hook passes on return codes
 * 2–5 only, so MQTT 5's 0x9F (Connection rate exceeded) cannot be sent from it.
 */
const NOT_AUTHORIZED = 5;
/** CONNACK return code 3, "server unavailable" (0x88 in MQTT 5). */
const SERVER_UNAVAILABLE = 3;

function notAuthorized(message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode: NOT_AUTHORIZED }) as AuthenticateError;
}

/**
 * MQTT 5 Maximum Packet Size, announced in the CONNACK and enforced by aedes as soon as a
 * packet's length is read (DISCONNECT 0x95 for MQTT 5, connection closed for 3.1.1), so a huge
 * packet is never buffered. It leaves room above the payload limit for the longest topic and
 * properties, so a payload merely over the limit is refused with PUBACK 0x97 on a connection
 * that stays open.
 */
const PACKET_OVERHEAD_ALLOWANCE = 64 * 1024;

/** MQTT 5 Topic Alias Maximum: how many topic aliases a device may register per connection. */
const TOPIC_ALIAS_MAXIMUM = 16;

/** Sessions waiting to expire, per MQTT generation; past it a disconnecting device's session ends at once. */
const PENDING_SESSIONS_LIMIT = 100_000;

/** ThingsBoard's provisioning connections use this username and no password. */
const PROVISION_USERNAME = "provision";

const RPC_REQUEST_FILTERS = new Set([
  `${DEVICE_TOPICS.rpcRequest}+`,
  `${SHORT_DEVICE_TOPICS.rpcRequest}+`,
  GATEWAY_TOPICS.rpc,
]);

/**
 * The aedes broker with ingest's hooks: authenticate → session; authorizePublish → handle and
 * persist before the PUBACK; authorizeSubscribe → own downlink topics only. Listeners (TCP,
 * TLS, WebSocket) feed connections to `broker.handle`.
 */
export async function createMqttBroker(deps: MqttBrokerDeps) {
  const { authenticator, service, logger } = deps;
  const connections = new WeakMap<Client, MqttConnection>();
  // Connections whose credential expires (JWT): cancels their expiry timer when they end first.
  const expiries = new WeakMap<Client, () => void>();
  // Connections made with the username "provision": they may only ask for credentials.
  const provisioning = new WeakSet<Client>();
  const v5 = new V5Acks();
  const pubacks = new PubackWriter();
  // No socket is read while the persist queue is full: what waits for the database under
  // overload is unread bytes in the kernel, not decoded packets (see ReadAdmission).
  const { queue } = service.deps;
  const admission = new ReadAdmission(() => queue.hasRoom);
  queue.onRoom(() => admission.resume());
  const context = {
    service,
    maxPayloadBytes: deps.maxPayloadBytes,
    sessionLimits: { maxPayloadSize: deps.maxPayloadBytes, maxInflightMessages: MAX_INFLIGHT_MESSAGES },
    firmware: deps.firmware,
  };
  let warnedUngated = false;

  /**
   * A refused PUBLISH changes nothing. MQTT 3.1.1 has no way to say why, so the connection is
   * closed (as ThingsBoard does); MQTT 5 gets a reason code and, for the device's own
   * mistakes on QoS 1/2, keeps the connection (see publish-refusals.ts and v5-acks.ts).
   */
  function refusePublish(
    client: Client,
    packet: PublishPacket,
    error: unknown,
    callback: (error?: Error | null) => void,
    deviceId?: string,
  ) {
    deps.onRefused?.(refusalOf(error).refusal);
    const refusal = publishRefusal(error, packet.topic);
    const level = error instanceof DeviceProtocolError ? "info" : "warn";
    const outcome = client.version === 5 ? `reason code 0x${refusal.reasonCode.toString(16)}` : "closing connection";
    logger[level]({ err: error, deviceId, topic: packet.topic }, `publish refused; ${outcome}`);
    if (client.version !== 5) return callback(error instanceof Error ? error : new Error(String(error)));
    v5.refuse(client, packet, refusal);
    callback(null);
  }

  function handleProvisionPublish(client: Client, packet: PublishPacket, callback: (error?: Error | null) => void) {
    if (packet.topic !== DEVICE_TOPICS.provisionRequest && packet.topic !== "/provision") {
      const error = new DeviceProtocolError(
        "TOPIC_NOT_ALLOWED",
        "a provisioning connection may only publish to /provision/request",
      );
      return refusePublish(client, packet, error, callback);
    }
    (async () => {
      const response = await provisionDevice(
        deps.provisioner,
        decodeJsonPayload(packet.payload as Buffer, deps.maxPayloadBytes),
      );
      client.publish(
        {
          cmd: "publish",
          topic: DEVICE_TOPICS.provisionResponse,
          payload: Buffer.from(JSON.stringify(response)),
          qos: 1,
          retain: false,
          dup: false,
        },
        () => undefined,
      );
    })().then(
      () => {
        markConsumed(packet);
        callback(null);
      },
      (error: unknown) => refusePublish(client, packet, error, callback),
    );
  }

  /**
   * The CONNECT's credential; a client certificate the server's CA did not verify counts when it chains to a device
   * profile's CA (X.509 chain provisioning, which creates the device on its first connection).
   */
  async function credentialsOf(
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
  ): Promise<DeviceCredentials | null> {
    const presented = deps.certificates ? unverifiedPeerCertificates(client) : null;
    if (presented) {
      const provisioned = await deps.certificates!.provision(presented.leaf, presented.chain);
      if (provisioned) return { type: "X509_CERTIFICATE", thumbprint: provisioned.thumbprint };
    }
    return credentialsFromConnect(client, username, password);
  }

  const qos2 = qos2LimitedPersistence();
  const broker = await Aedes.createBroker({
    persistence: qos2.persistence,
    // The read gate (per connection and broker-wide) covers backpressure; aedes' own queue limit only guards the CONNECT phase.
    queueLimit: 100,
    maximumPacketSize: deps.maxPayloadBytes + PACKET_OVERHEAD_ALLOWANCE,
    topicAliasMaximum: TOPIC_ALIAS_MAXIMUM,
    // Advertised only (aedes does not enforce it); the read gate is what holds a device back.
    receiveMaximum: MAX_INFLIGHT_MESSAGES,
    // Sessions live in this process's memory and carry nothing a device needs back (queued RPCs
    // are in PostgreSQL): an MQTT 5 device may not ask for one that outlives the expiry, and the
    // number waiting to expire is bounded. MQTT 3.1.1 sessions: see expireLegacySessions.
    sessionExpiryIntervalLimit: deps.sessionExpirySeconds,
    pendingSessionsLimit: PENDING_SESSIONS_LIMIT,
    preConnect(client, packet, callback) {
      v5.noteConnect(client, packet);
      callback(null, true);
    },
    authenticate(client, username, password, done) {
      if (username === PROVISION_USERNAME && !password?.length) {
        provisioning.add(client);
        return done(null, true);
      }
      credentialsOf(client, username, password)
        .then((credentials) => credentials && authenticator.authenticate(credentials, remoteAddressOf(client)))
        .then(
          (result) => {
            if (!result) return done(notAuthorized("no credentials"), false);
            if (!result.ok)
              return done(
                notAuthorized(result.reason === "RATE_LIMITED" ? "too many failed attempts" : "bad credentials"),
                false,
              );
            const revoke = () =>
              v5.disconnect(client, REASON_CODES.ADMINISTRATIVE_ACTION, "the device's credentials changed");
            connections.set(
              client,
              new MqttConnection(
                client,
                result.session,
                service.deps.bus,
                service.deps.rpc,
                logger,
                revoke,
                service.deps.payloads,
              ),
            );
            if (result.session.expiresAt !== undefined)
              expiries.set(client, closeAtExpiry(client, result.session.expiresAt, v5));
            // Client ids are chosen by firmware and often repeat across a fleet ("ESP32"); scoped
            // to the device, two devices never take over each other's session.
            (client as { id: string }).id = `${result.session.deviceId}/${client.id}`;
            done(null, true);
          },
          (error: unknown) => {
            logger.error({ err: error }, "device authentication error");
            done(
              Object.assign(new Error("server unavailable"), { returnCode: SERVER_UNAVAILABLE }) as AuthenticateError,
              false,
            );
          },
        );
    },
    authorizePublish(client, packet, callback) {
      if (!client) return callback(new Error("not authenticated"));
      if (v5.isDisconnecting(client)) {
        // Sent after the DISCONNECT was decided: not stored, not acknowledged; the device sends it again.
        handBackUnacknowledged(packet);
        return callback(null);
      }
      if (provisioning.has(client)) return handleProvisionPublish(client, packet, callback);
      const connection = connections.get(client);
      if (!connection) return callback(new Error("not authenticated"));
      connection.reads?.publishStarted();
      handleDevicePublish(connection, packet, context).then(
        () => {
          connection.reads?.publishFinished();
          markConsumed(packet);
          if (packet.qos !== 1) return callback(null);
          // Acknowledged here, with the others of this commit; aedes then sees a QoS 0 publish and sends nothing.
          packet.qos = 0;
          pubacks.ack(client, packet.messageId!, () => callback(null));
        },
        (error: unknown) => {
          connection.reads?.publishFinished();
          refusePublish(client, packet, error, callback, connection.session.deviceId);
        },
      );
    },
    authorizeSubscribe(client, subscription, callback) {
      if (provisioning.has(client)) {
        return callback(
          null,
          subscription.topic === DEVICE_TOPICS.provisionResponse
            ? { ...subscription, qos: subscription.qos >= 1 ? 1 : 0 }
            : null,
        );
      }
      const connection = connections.get(client);
      if (!connection || !isAllowedSubscription(subscription.topic, { gateway: connection.session.isGateway })) {
        // A null subscription refuses this filter without dropping the connection: SUBACK 0x80
        // (failure) for MQTT 3.1.1, 0x87 (Not authorized) for MQTT 5.
        return callback(null, null);
      }
      const qos = subscription.qos >= 1 ? 1 : 0;
      connection.subscriptions.set(subscription.topic, qos);
      callback(null, { ...subscription, qos });
      if (RPC_REQUEST_FILTERS.has(subscription.topic)) {
        // Queued RPCs go out once the device can receive them; after the SUBACK is written.
        setImmediate(() => {
          const flush =
            subscription.topic === GATEWAY_TOPICS.rpc
              ? Promise.all([...connection.subDevices.values()].map((d) => connection.flushQueuedRpc(d)))
              : connection.flushQueuedRpc();
          flush.catch((error: unknown) => logger.warn({ err: error }, "queued RPC delivery failed"));
        });
      }
    },
    // Every accepted device publish was re-addressed to CONSUMED_TOPIC, which no device can
    // subscribe to, so the only packets forwarded are the downlinks written by MqttConnection.
    authorizeForward(_client, packet) {
      return packet.topic === CONSUMED_TOPIC ? null : packet;
    },
  });
  skipRoutingOfConsumed(broker);

  broker.on("clientReady", (client) => {
    const connection = connections.get(client);
    if (!connection) return;
    connection.reads = gateReads(client, admission);
    if (!connection.reads.installed && !warnedUngated) {
      warnedUngated = true;
      logger.error("aedes internals changed: per-connection read backpressure is off (see src/mqtt/read-gate.ts)");
    }
    service.deps.activity.connected(connection.session.tenantId, connection.session.deviceId);
    connection.attachDevice().catch((error: unknown) => logger.warn({ err: error }, "downlink subscription failed"));
  });

  // A session that ends with its connection (MQTT 3.1.1 clean session, MQTT 5 Session Expiry
  // 0), expires, or is replaced by a clean start takes its unreleased QoS 2 messages with it.
  const forgetQos2 = (client: Client) => void qos2.forgetSession(client);
  broker.on("client", (client) => {
    if (client.clean || (client as { _cleanStart?: boolean })._cleanStart) forgetQos2(client);
  });
  broker.on("sessionExpired", forgetQos2);
  expireLegacySessions(broker, {
    expiryMs: deps.sessionExpirySeconds * 1000,
    limit: PENDING_SESSIONS_LIMIT,
    end: (client) => {
      qos2.persistence
        .cleanSubscriptions(client)
        .catch((error: unknown) => logger.warn({ err: error }, "ending an MQTT session failed"));
      forgetQos2(client);
    },
  });

  broker.on("clientDisconnect", (client) => {
    if (client.clean) forgetQos2(client);
    expiries.get(client)?.();
    const connection = connections.get(client);
    if (!connection) return;
    connections.delete(client);
    service.deps.activity.disconnected(connection.session.tenantId, connection.session.deviceId);
    for (const sub of connection.subDevices.values()) service.deps.activity.disconnected(sub.tenantId, sub.deviceId);
    void connection.detachAll();
  });

  broker.on("clientError", (client, error) => {
    logger.debug({ err: error, clientId: client.id }, "MQTT client error");
  });

  return broker;
}
