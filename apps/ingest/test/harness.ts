import { Redis } from "ioredis";
import mqtt, { type IClientOptions, type MqttClient, type Packet } from "mqtt";
import { createDatabaseClients, type DatabaseClients } from "@industryos/db";
import { createDevice, createTenant, createTestDatabase, type TestDatabase } from "@industryos/db/testing";
import { createLogger } from "@industryos/runtime";
import { startIngestFromConfig, type IngestWithDatabase } from "../src/app.ts";
import { testIngestConfig } from "../src/testing/ingest-config.ts";
import type { IngestConfig } from "../src/app.ts";

export interface Harness {
  database: TestDatabase;
  /** A separate client for assertions (not the one ingest uses). */
  db: DatabaseClients;
  redis: Redis;
  ingest: IngestWithDatabase;
  /** The configuration `ingest` runs with, to start another process on the same database and Redis. */
  config: IngestConfig;
  tenantId: string;
  close(): Promise<void>;
}

export { testIngestConfig };

/**
 * A running ingest tier on a fresh database and its own Redis database index (so parallel
 * test files do not share cache or rate-limit keys), on free ports.
 */
export async function startHarness(opts: {
  redisDb: number;
  overrides?: Partial<IngestConfig>;
  databaseUrl?: string;
  /** A Redis server of the test's own (default: the shared test server, REDIS_URL). */
  redisUrl?: string;
  /** How often ingest marks overdue RPCs (default 200 ms, so tests need not wait for it). */
  rpcExpirySweepMs?: number;
}): Promise<Harness> {
  const database = await createTestDatabase(opts.databaseUrl ? { serverUrl: opts.databaseUrl } : {});
  const redisUrl = `${opts.redisUrl ?? process.env.REDIS_URL}/${opts.redisDb}`;
  const redis = new Redis(redisUrl);
  redis.on("error", () => undefined); // tests that stop their Redis expect this client to reconnect
  // A test Redis started by an older checkout has 16 databases (devstack now starts it with 64).
  // ioredis would not fail on the SELECT: its commands would silently land in database 0.
  const [, databases] = (await redis.config("GET", "databases")) as [string, string];
  if (Number(databases) <= opts.redisDb) {
    redis.disconnect();
    throw new Error(
      `the test Redis has ${databases} databases, this file uses database ${opts.redisDb}: stop it (redis-cli -p <port> shutdown) and the tests start one with 64`,
    );
  }
  await redis.flushdb();
  const config = testIngestConfig(redisUrl, opts.overrides);
  const ingest = await startIngestFromConfig(
    config,
    { app: database.appUrl, system: database.systemUrl },
    createLogger("ingest-test", "warn"),
    {
      rpcExpirySweepMs: opts.rpcExpirySweepMs ?? 200,
    },
  );
  const db = createDatabaseClients({ appUrl: database.appUrl, systemUrl: database.systemUrl, poolSize: 2 });
  const tenant = await createTenant(db.system);
  return {
    database,
    db,
    redis,
    ingest,
    config,
    tenantId: tenant.id,
    async close() {
      await ingest.close();
      await db.close();
      redis.disconnect();
      await database.drop();
    },
  };
}

export async function newDevice(h: Harness, data: { isGateway?: boolean; name?: string } = {}) {
  return createDevice(h.db.system, { tenantId: h.tenantId, ...data });
}

export function connectMqtt(port: number, options: IClientOptions): Promise<MqttClient> {
  return mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0, connectTimeout: 15_000, ...options });
}

/** Resolves with the client's next message on `topic`. */
// Waits are generous (CI runs every package at once on two cores); assertions are not.
export function nextMessage(
  client: MqttClient,
  topic: string | RegExp,
  timeoutMs = 15_000,
): Promise<{ topic: string; body: unknown }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no message on ${String(topic)} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (t: string, payload: Buffer) => {
      if (typeof topic === "string" ? t !== topic : !topic.test(t)) return;
      clearTimeout(timer);
      client.off("message", onMessage);
      resolve({ topic: t, body: JSON.parse(payload.toString()) as unknown });
    };
    client.on("message", onMessage);
  });
}

/** Publishes at QoS 1 and resolves with the broker's PUBACK (its MQTT 5 reason code). */
export function publishAck(client: MqttClient, topic: string, payload: Buffer): Promise<{ reasonCode?: number }> {
  return new Promise((resolve, reject) => {
    const acks: { cmd: string; messageId?: number; reasonCode?: number }[] = [];
    const onPacket = (packet: Packet) => {
      if (packet.cmd === "puback") acks.push(packet as (typeof acks)[number]);
    };
    client.on("packetreceive", onPacket);
    client.publish(topic, payload, { qos: 1 }, (error, packet) => {
      client.off("packetreceive", onPacket);
      const ack = acks.find((a) => a.messageId === (packet as { messageId?: number } | undefined)?.messageId);
      if (ack) resolve(ack);
      else reject(error ?? new Error("no PUBACK"));
    });
  });
}

/** Resolves when the client's connection closes (the server dropped it). */
export function closed(client: MqttClient, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!client.connected) return resolve();
    const timer = setTimeout(() => reject(new Error("connection stayed open")), timeoutMs);
    client.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Repeats `push` (a pub/sub downlink, which reaches only listeners present at that moment)
 * until `received` settles, and returns it.
 */
export async function pushUntil<T>(push: () => Promise<unknown>, received: Promise<T>, timeoutMs = 15_000): Promise<T> {
  let settled = false;
  received.then(
    () => (settled = true),
    () => (settled = true),
  );
  const deadline = Date.now() + timeoutMs;
  while (!settled && Date.now() < deadline) {
    await push();
    await Promise.race([received.catch(() => undefined), new Promise((r) => setTimeout(r, 250))]);
  }
  return received;
}

/** One sample of a Prometheus metric from GET /metrics: its value, or 0 when the series has not been reported yet. */
export async function scrapeMetric(
  metricsPort: number,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of (await response.text()).split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = match[2]?.split(",") ?? [];
    if (wanted.every((w) => present.includes(w)) && present.length === wanted.length) return Number(match[3]);
  }
  return 0;
}
