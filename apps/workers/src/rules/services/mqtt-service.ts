import { randomUUID } from "node:crypto";
import { isIP } from "node:net";
import { connect, type IClientOptions, type MqttClient } from "mqtt";
import { OutboundRefusal, resolveAllowedAddress } from "@industryos/outbound-http";
import { PermanentError, type MqttPublishRequest, type RuleServices } from "@industryos/rules";

export interface MqttServiceOptions {
  /** RULES_ALLOW_PRIVATE_NETWORKS: let chains publish to loopback and private brokers (never link-local). */
  allowPrivateNetworks: boolean;
  /** Connect, or publish until acknowledged (default 10 s). */
  timeoutMs?: number;
  /** A connection unused this long is closed (default 60 s). */
  idleMs?: number;
}

/** CONNACK codes another attempt cannot fix: bad user name or password, not authorised (MQTT 3.1.1 and 5). */
const REFUSED_FOR_GOOD = new Set([4, 5, 134, 135]);

function connected(options: IClientOptions, timeoutMs: number, where: string): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = connect(options);
    const fail = (error: Error) => {
      clearTimeout(timer);
      client.removeAllListeners("connect");
      client.end(true);
      const code = (error as { code?: unknown }).code;
      reject(
        typeof code === "number" && REFUSED_FOR_GOOD.has(code)
          ? new PermanentError(`${where} refused the connection: ${error.message}`)
          : new Error(`${where} could not be reached: ${error.message}`),
      );
    };
    const timer = setTimeout(() => fail(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    client.once("error", fail);
    client.once("close", () => fail(new Error("the connection closed")));
    client.once("connect", () => {
      clearTimeout(timer);
      client.removeAllListeners("error");
      client.removeAllListeners("close");
      client.on("error", () => undefined); // reported by the publish that meets it
      resolve(client);
    });
  });
}

/**
 * `external.mqtt` over MQTT.js: one connection per broker and credentials, reused by later
 * messages and closed after `idleMs` unused or when it drops (the next message connects again).
 * The broker's host is resolved and checked by the platform's outbound guard (@industryos/outbound-http,
 * the webhook node's too) and the connection made to that address, so a second lookup cannot answer
 * differently (TLS still verifies the certificate for the host name).
 * Unreachable brokers and timeouts are retryable; refused credentials and addresses are not.
 */
export function createMqttService(options: MqttServiceOptions): RuleServices["mqtt"] & { close(): Promise<void> } {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const idleMs = options.idleMs ?? 60_000;
  const pool = new Map<string, { client: Promise<MqttClient>; idle?: NodeJS.Timeout }>();

  function forget(key: string, client?: MqttClient) {
    const entry = pool.get(key);
    if (!entry) return;
    pool.delete(key);
    clearTimeout(entry.idle);
    if (client) client.end(true);
    else void entry.client.then((c) => c.end(true)).catch(() => undefined);
  }

  async function open(request: MqttPublishRequest): Promise<MqttClient> {
    let address: string;
    try {
      address = await resolveAllowedAddress(request.host, { allowPrivateNetworks: options.allowPrivateNetworks });
    } catch (error) {
      if (error instanceof OutboundRefusal) throw new PermanentError(error.message);
      throw error; // a name that does not resolve now may later
    }
    const where = `MQTT broker ${request.host}:${request.port}`;
    return connected(
      {
        host: address,
        port: request.port,
        protocol: request.tls ? "mqtts" : "mqtt",
        ...(request.tls && !isIP(request.host) ? { servername: request.host } : {}),
        clientId: request.clientId ?? `industryos-rules-${randomUUID().slice(0, 8)}`,
        username: request.username,
        password: request.password,
        clean: true,
        reconnectPeriod: 0,
        connectTimeout: timeoutMs,
      },
      timeoutMs,
      where,
    );
  }

  return {
    async publish(request) {
      const key = JSON.stringify([
        request.host,
        request.port,
        request.tls,
        request.clientId,
        request.username,
        request.password,
      ]);
      let entry = pool.get(key);
      if (!entry) {
        const client = open(request);
        entry = { client };
        pool.set(key, entry);
        client.then(
          (c) => c.once("close", () => pool.get(key)?.client === client && forget(key)),
          () => pool.get(key)?.client === client && pool.delete(key),
        );
      }
      const client = await entry.client;
      clearTimeout(entry.idle);
      entry.idle = setTimeout(() => forget(key, client), idleMs);
      entry.idle.unref();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          client.publishAsync(request.topic, request.payload, { qos: request.qos, retain: request.retain }),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no acknowledgement within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
      } catch (error) {
        forget(key, client);
        throw new Error(`MQTT publish to ${request.host}:${request.port} failed: ${(error as Error).message}`, {
          cause: error,
        });
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      for (const key of [...pool.keys()]) forget(key);
    },
  };
}
