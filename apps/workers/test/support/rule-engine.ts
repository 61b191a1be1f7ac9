import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { createDatabaseClients, type DatabaseClients } from "@industryos/db";
import { createDevice, createTenant, createTestDatabase, type TestDatabase } from "@industryos/db/testing";
import { ruleEngineEntries, type RuleEngineMessage } from "@industryos/device-protocol";
import type { RuleChainDefinition } from "@industryos/rules";
import { createLogger, type RedisClient } from "@industryos/runtime";
import { startRuleEngine, type RunningRuleEngine } from "../../src/rules/rule-engine.ts";
import type { RuleEngineSettings } from "../../src/rules/settings.ts";

/** Short times, so claims, redeliveries and lease hand-overs happen within a test. */
export const FAST_SETTINGS: Partial<RuleEngineSettings> = {
  blockMs: 100,
  leaseMs: 600,
  claimIdleMs: 300,
  retryAttempts: 2,
  retryBackoffMs: 20,
  redeliveryDelayMs: 100,
  maxDeliveries: 2,
};

export const logger = createLogger("rule-engine-test", process.env.TEST_LOG_LEVEL ?? "silent");

let database: TestDatabase | undefined;
let db: DatabaseClients | undefined;

/** One database per test file (tenants keep tests apart within it). */
export async function testDatabase(): Promise<DatabaseClients> {
  if (db) return db;
  database = await createTestDatabase();
  db = createDatabaseClients({ appUrl: database.appUrl, systemUrl: database.systemUrl, poolSize: 4 });
  return db;
}

/** The test database's application and system role URLs (for another process on it, e.g. ingest). */
export function testDatabaseUrls(): { app: string; system: string } {
  if (!database) throw new Error("call testDatabase() first");
  return { app: database.appUrl, system: database.systemUrl };
}

export async function closeTestDatabase() {
  await db?.close();
  await database?.drop();
  db = undefined;
  database = undefined;
}

/**
 * A Redis database of its own (the streams' names are fixed, so each test that starts engines
 * gets a database index nobody else uses), flushed.
 */
export async function testRedis(index: number): Promise<Redis> {
  const redis = new Redis(`${process.env.REDIS_URL}/${index}`, { maxRetriesPerRequest: 1 });
  redis.on("error", () => undefined);
  await redis.flushdb();
  return redis;
}

/** A tenant with one device and `chain` as its root chain. */
export async function tenantWithChain(db: DatabaseClients, chain: RuleChainDefinition, devices = 1) {
  const tenant = await createTenant(db.system);
  const rows = [];
  for (let i = 0; i < devices; i++) rows.push((await createDevice(db.system, { tenantId: tenant.id })).device);
  const ruleChain = await db.system.ruleChain.create({
    data: { tenantId: tenant.id, name: "Root", root: true, configuration: chain as never },
  });
  return { tenantId: tenant.id, devices: rows, chainId: ruleChain.id };
}

export function engine(
  db: DatabaseClients,
  redis: RedisClient,
  settings: Partial<RuleEngineSettings> = {},
): RunningRuleEngine {
  return startRuleEngine({
    db,
    redis,
    logger,
    allowPrivateNetworks: true,
    settings: { ...FAST_SETTINGS, ...settings },
  });
}

/** Telemetry exactly as ingest appends it after a commit (device-protocol's ruleEngineEntries). */
export function telemetry(
  tenantId: string,
  deviceId: string,
  values: unknown,
  receivedAt = Date.now(),
): RuleEngineMessage {
  return { type: "TELEMETRY", tenantId, deviceId, receivedAt, points: [], data: JSON.stringify(values) };
}

/** XADDs the messages as ingest does: one entry per partition, in order. */
export async function append(redis: Redis, messages: RuleEngineMessage[]): Promise<void> {
  for (const e of ruleEngineEntries(messages)) await redis.xadd(e.stream, "*", "msgs", e.entry);
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

/** Entries of the rule-engine group not yet acknowledged, over all partitions. */
export async function pendingEntries(redis: Redis): Promise<number> {
  let total = 0;
  for (let p = 0; p < 8; p++) {
    const summary = (await redis.xpending(`rule-engine:${p}`, "rule-engine").catch(() => [0])) as [number];
    total += Number(summary[0]);
  }
  return total;
}

/** Entries of the rule-engine group not yet read or not yet acknowledged, over all partitions. */
export async function pendingOrUnread(redis: RedisClient): Promise<number> {
  let total = 0;
  for (let p = 0; p < 8; p++) {
    const groups = (await redis.xinfo("GROUPS", `rule-engine:${p}`).catch(() => [])) as unknown[][];
    for (const group of groups) {
      const fields = group as (string | number)[];
      total += Number(fields[fields.indexOf("pending") + 1] ?? 0) + Number(fields[fields.indexOf("lag") + 1] ?? 0);
    }
  }
  return total;
}

/** A local HTTP server answering with `answer(request number)`; records bodies. */
export async function webhookServer(answer: (n: number) => number) {
  const bodies: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      bodies.push(body);
      res.writeHead(answer(bodies.length), { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    port: (server.address() as AddressInfo).port,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
