import { Aedes, type AuthenticateError, type Client, type PublishPacket } from "aedes";
import { DEVICE_TOPICS, DeviceProtocolError, decodeJsonPayload, GATEWAY_TOPICS, SHORT_DEVICE_TOPICS, isAllowedSubscription } from "@industryos/device-protocol";
import type { Logger } from "@industryos/runtime";
import type { Authenticator } from "../core/authenticator.ts";
import type { DeviceService } from "../core/device-service.ts";
import { provisionDevice, type DeviceProvisioner } from "../core/provisioning.ts";
import { credentialsFromConnect, remoteAddressOf } from "./connect-credentials.ts";
import { MqttConnection } from "./connection.ts";
import { handleDevicePublish } from "./publish-handler.ts";
import { gateReads } from "./read-gate.ts";

export interface MqttBrokerDeps {
  authenticator: Authenticator;
  service: DeviceService;
  maxPayloadBytes: number;
  provisioner: DeviceProvisioner;
  logger: Logger;
}

/** CONNACK return code 5, "not authorized" (0x87 in MQTT 5). */
const NOT_AUTHORIZED = 5;

function notAuthorized(message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode: NOT_AUTHORIZED }) as AuthenticateError;
}

/** Accepted publishes are re-addressed here so the broker's own routing never forwards a device's message anywhere. */
const CONSUMED_TOPIC = "$ingest/consumed";

/** ThingsBoard's provisioning connections use this username and no password. */
const PROVISION_USERNAME = "provision";

const RPC_REQUEST_FILTERS = new Set([`${DEVICE_TOPICS.rpcRequest}+`, `${SHORT_DEVICE_TOPICS.rpcRequest}+`, GATEWAY_TOPICS.rpc]);

/**
 * The aedes broker with ingest's hooks: authenticate → session; authorizePublish → handle and
 * persist before the PUBACK; authorizeSubscribe → own downlink topics only. Listeners (TCP,
 * TLS, WebSocket) feed connections to `broker.handle`.
 */
export async function createMqttBroker(deps: MqttBrokerDeps) {
  const { authenticator, service, logger } = deps;
  const connections = new WeakMap<Client, MqttConnection>();
  // Connections made with the username "provision": they may only ask for credentials.
  const provisioning = new WeakSet<Client>();
  const context = {
    service,
    maxPayloadBytes: deps.maxPayloadBytes,
    sessionLimits: { maxPayloadSize: deps.maxPayloadBytes, maxInflightMessages: 100 },
  };

  function handleProvisionPublish(client: Client, packet: PublishPacket, callback: (error?: Error | null) => void) {
    if (packet.topic !== DEVICE_TOPICS.provisionRequest && packet.topic !== "/provision") {
      return callback(new DeviceProtocolError("TOPIC_NOT_ALLOWED", "a provisioning connection may only publish to /provision/request"));
    }
    (async () => {
      const response = await provisionDevice(deps.provisioner, decodeJsonPayload(packet.payload as Buffer, deps.maxPayloadBytes));
      client.publish({ cmd: "publish", topic: DEVICE_TOPICS.provisionResponse, payload: Buffer.from(JSON.stringify(response)), qos: 1, retain: false, dup: false }, () => undefined);
    })().then(
      () => {
        packet.topic = CONSUMED_TOPIC;
        callback(null);
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  }

  const broker = await Aedes.createBroker({
    // Per-connection read pause covers backpressure; aedes' own queue limit only guards the CONNECT phase.
    queueLimit: 100,
    authenticate(client, username, password, done) {
      if (username === PROVISION_USERNAME && !password?.length) {
        provisioning.add(client);
        return done(null, true);
      }
      const credentials = credentialsFromConnect(client, username, password);
      if (!credentials) return done(notAuthorized("no credentials"), false);
      authenticator.authenticate(credentials, remoteAddressOf(client)).then(
        (result) => {
          if (!result.ok) return done(notAuthorized(result.reason === "RATE_LIMITED" ? "too many failed attempts" : "bad credentials"), false);
          connections.set(client, new MqttConnection(client, result.session, service.deps.bus, service.deps.rpc, logger));
          // Client ids are chosen by firmware and often repeat across a fleet ("ESP32"); scoped
          // to the device, two devices never take over each other's session.
          (client as { id: string }).id = `${result.session.deviceId}/${client.id}`;
          done(null, true);
        },
        (error: unknown) => {
          logger.error({ err: error }, "device authentication error");
          done(Object.assign(new Error("server unavailable"), { returnCode: 3 }) as AuthenticateError, false);
        },
      );
    },
    authorizePublish(client, packet, callback) {
      if (client && provisioning.has(client)) return handleProvisionPublish(client, packet, callback);
      const connection = client ? connections.get(client) : undefined;
      if (!connection) return callback(new Error("not authenticated"));
      connection.reads?.publishStarted();
      handleDevicePublish(connection, packet, context).finally(() => connection.reads?.publishFinished()).then(
        () => {
          packet.topic = CONSUMED_TOPIC;
          packet.retain = false;
          callback(null);
        },
        (error: unknown) => {
          const level = error instanceof DeviceProtocolError ? "info" : "warn";
          logger[level]({ err: error, deviceId: connection.session.deviceId, topic: packet.topic }, "publish refused; closing connection");
          callback(error instanceof Error ? error : new Error(String(error)));
        },
      );
    },
    authorizeSubscribe(client, subscription, callback) {
      if (provisioning.has(client)) {
        return callback(null, subscription.topic === DEVICE_TOPICS.provisionResponse ? { ...subscription, qos: subscription.qos >= 1 ? 1 : 0 } : null);
      }
      const connection = connections.get(client);
      if (!connection || !isAllowedSubscription(subscription.topic, { gateway: connection.session.isGateway })) {
        // A null subscription answers SUBACK 0x80 (failure) for this filter without dropping the connection.
        return callback(null, null);
      }
      const qos = subscription.qos >= 1 ? 1 : 0;
      connection.subscriptions.set(subscription.topic, qos);
      callback(null, { ...subscription, qos });
      if (RPC_REQUEST_FILTERS.has(subscription.topic)) {
        // Queued RPCs go out once the device can receive them; after the SUBACK is written.
        setImmediate(() => {
          const flush = subscription.topic === GATEWAY_TOPICS.rpc
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

  broker.on("clientReady", (client) => {
    const connection = connections.get(client);
    if (!connection) return;
    connection.reads = gateReads(client);
    service.deps.activity.connected(connection.session.tenantId, connection.session.deviceId);
    connection.attachDevice().catch((error: unknown) => logger.warn({ err: error }, "downlink subscription failed"));
  });

  broker.on("clientDisconnect", (client) => {
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
