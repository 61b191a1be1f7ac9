import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import type { DatabaseClients } from "@industryos/db";
import { readDebugEvent, ruleChainDebugEvents, type RuleEngineMessage } from "@industryos/device-protocol";
import type { RuleChainDefinition } from "@industryos/rules";
import type { RunningRuleEngine } from "../src/rules/rule-engine.ts";
import {
  append,
  closeTestDatabase,
  engine,
  telemetry,
  tenantWithChain,
  testDatabase,
  testRedis,
  waitFor,
} from "./support/rule-engine.ts";

// Redis database 39 is this file's (40-63 were all taken by other workers test files).
const REDIS_DB = 39;
let db: DatabaseClients;
let redis: Redis;
let ruleEngine: RunningRuleEngine | undefined;

beforeAll(async () => {
  db = await testDatabase();
  redis = await testRedis(REDIS_DB);
});
afterAll(async () => {
  await ruleEngine?.stop();
  redis?.disconnect();
  await closeTestDatabase();
});

/** Enriches with the device's `limit` server attribute (debug on: what it added is what the test reads); `save` writes `limit` from the data. */
const chain: RuleChainDefinition = {
  nodes: [
    { id: "telemetry", type: "filter.messageType", config: { types: ["POST_TELEMETRY_REQUEST"] } },
    { id: "limit", type: "enrich.originatorAttributes", config: { serverKeys: ["limit"] }, debug: true },
    { id: "has-new-limit", type: "filter.checkFields", config: { dataKeys: ["limit"] } },
    { id: "save", type: "action.saveAttributes", config: { scope: "SERVER" } },
  ],
  connections: [
    { from: "input", to: "telemetry", relation: "Success" },
    { from: "telemetry", to: "limit", relation: "True" },
    { from: "limit", to: "has-new-limit", relation: "Success" },
    { from: "has-new-limit", to: "save", relation: "True" },
  ],
};

/** The `ss_limit` the enrichment node added, per message in order (its debug events). */
async function limitsSeen(tenantId: string, chainId: string): Promise<string[]> {
  const entries = await redis.xrange(ruleChainDebugEvents(tenantId, chainId), "-", "+");
  return entries.map(([, fields]) => {
    const output = readDebugEvent(fields)!.outputs[0]!.message as { metadata: Record<string, string> };
    return output.metadata.ss_limit ?? "(none)";
  });
}

/** The `deviceName` of each message's metadata, in order (the enrichment node's debug events). */
async function deviceNamesSeen(tenantId: string, chainId: string): Promise<string[]> {
  const entries = await redis.xrange(ruleChainDebugEvents(tenantId, chainId), "-", "+");
  return entries.map(([, fields]) => {
    const output = readDebugEvent(fields)!.outputs[0]!.message as { metadata: Record<string, string> };
    return output.metadata.deviceName ?? "(none)";
  });
}

/** The API's attribute save: the row, then ATTRIBUTES_UPDATED on the device's partition. */
async function saveThroughApi(tenantId: string, deviceId: string, limit: number) {
  await db.forTenant(tenantId).attribute.update({
    where: { tenantId_entityId_scope_key: { tenantId, entityId: deviceId, scope: "SERVER", key: "limit" } },
    data: { doubleValue: limit, longValue: null, lastUpdateTs: new Date() },
  });
  const event: RuleEngineMessage = {
    type: "EVENT",
    tenantId,
    msgType: "ATTRIBUTES_UPDATED",
    originatorType: "DEVICE",
    originatorId: deviceId,
    receivedAt: Date.now(),
    metadata: { scope: "SERVER_SCOPE" },
    data: JSON.stringify({ limit }),
  };
  await append(redis, [event]);
}

describe("attribute reads of enrichment nodes (cached per entity)", () => {
  it("see an attribute change at the next message after it, whether through the API or the chain's own save; a change without a message once the cache time passed", async () => {
    const { tenantId, devices, chainId } = await tenantWithChain(db, chain);
    const device = devices[0]!;
    await db.system.attribute.create({
      data: { tenantId, entityType: "DEVICE", entityId: device.id, scope: "SERVER", key: "limit", doubleValue: 30 },
    });
    // A cache time far longer than the test: only the invalidations can make the new values show.
    ruleEngine = engine(db, redis, { attributeCacheMs: 60_000 });
    let sent = 0;
    /** One telemetry message, finished (its debug event written) before the next step. */
    const send = async (values: Record<string, unknown>) => {
      await append(redis, [telemetry(tenantId, device.id, values)]);
      const n = ++sent;
      await waitFor(async () => (await limitsSeen(tenantId, chainId)).length === n);
    };

    await send({ temperature: 20 });
    await send({ temperature: 21 });
    await saveThroughApi(tenantId, device.id, 35);
    await send({ temperature: 22 });
    // The chain saves limit = 40 itself; the next message reads it.
    await send({ temperature: 23, limit: 40 });
    await send({ temperature: 24 });
    expect(await limitsSeen(tenantId, chainId)).toEqual(["30", "30", "35", "35", "40"]);

    // Changed behind the rule engine's back (no message): the cached value until the cache time passes.
    await ruleEngine.stop();
    ruleEngine = engine(db, redis, { attributeCacheMs: 3_000 });
    await send({ temperature: 25 });
    await db.forTenant(tenantId).attribute.update({
      where: { tenantId_entityId_scope_key: { tenantId, entityId: device.id, scope: "SERVER", key: "limit" } },
      data: { doubleValue: 50, longValue: null },
    });
    await send({ temperature: 26 });
    await new Promise((r) => setTimeout(r, 3_100));
    await send({ temperature: 27 });
    expect((await limitsSeen(tenantId, chainId)).slice(5)).toEqual(["40", "40", "50"]);

    // A device sending steadily: its reads are served from the cache and read again in the background near the
    // end of their time, and still a change without a message shows once the cache time has passed since it.
    await db.forTenant(tenantId).attribute.update({
      where: { tenantId_entityId_scope_key: { tenantId, entityId: device.id, scope: "SERVER", key: "limit" } },
      data: { doubleValue: 60, longValue: null },
    });
    const changedAt = Date.now();
    const sentAt: number[] = [];
    while (Date.now() - changedAt < 4_500) {
      sentAt.push(Date.now());
      await send({ temperature: 28 });
      await new Promise((r) => setTimeout(r, 150));
    }
    const steady = (await limitsSeen(tenantId, chainId)).slice(8);
    const afterCacheTime = steady.filter((_, i) => sentAt[i]! - changedAt > 3_050);
    expect(afterCacheTime.length).toBeGreaterThan(0);
    expect(new Set(afterCacheTime)).toEqual(new Set(["60"]));
  });

  it("name a renamed device in its messages once the device cache time has passed since the rename, while it sends steadily", async () => {
    const { tenantId, devices, chainId } = await tenantWithChain(db, chain);
    const device = devices[0]!;
    await ruleEngine?.stop();
    ruleEngine = engine(db, redis, { deviceCacheMs: 2_000 });
    let sent = 0;
    const send = async () => {
      await append(redis, [telemetry(tenantId, device.id, { temperature: 20 })]);
      const n = ++sent;
      await waitFor(async () => (await deviceNamesSeen(tenantId, chainId)).length === n);
    };
    await send();
    // Renamed in the database alone: no message tells the rule engine.
    await db.forTenant(tenantId).device.update({ where: { id: device.id }, data: { name: "Renamed boiler" } });
    const renamedAt = Date.now();
    const sentAt: number[] = [];
    while (Date.now() - renamedAt < 3_500) {
      sentAt.push(Date.now());
      await send();
      await new Promise((r) => setTimeout(r, 150));
    }
    const names = await deviceNamesSeen(tenantId, chainId);
    expect(names[0]).toBe(device.name);
    const afterCacheTime = names.slice(1).filter((_, i) => sentAt[i]! - renamedAt > 2_050);
    expect(afterCacheTime.length).toBeGreaterThan(0);
    expect(new Set(afterCacheTime)).toEqual(new Set(["Renamed boiler"]));
  });
});
