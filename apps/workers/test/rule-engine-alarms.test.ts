import { beforeAll, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import type { DatabaseClients } from "@industryos/db";
import {
  readDebugEvent,
  readRuleEngineEntry,
  ruleChainDebugEvents,
  RULE_ENGINE_GROUP,
  ruleEngineEntries,
} from "@industryos/device-protocol";
import type { RuleChainDefinition } from "@industryos/rules";
import {
  append,
  engine,
  pendingEntries,
  telemetry,
  tenantWithChain,
  testDatabase,
  waitFor,
} from "./support/rule-engine.ts";
import { stopAfterFile } from "./support/stop-after-file.ts";

// Redis databases 40-42 are this file's.
let db: DatabaseClients;
const { engines, redisAt } = stopAfterFile();

beforeAll(async () => {
  db = await testDatabase();
});

/**
 * "temperature > 30 → create alarm", and below it the alarm is cleared. Telemetry only: every
 * alarm change comes back through the chain as an ALARM / ALARM_CLEAR message, which has no
 * temperature, and the threshold's False would clear the alarm just raised.
 */
const HIGH_TEMPERATURE: RuleChainDefinition = {
  nodes: [
    { id: "telemetry", type: "filter.messageType", config: { types: ["POST_TELEMETRY_REQUEST"] } },
    { id: "hot", type: "filter.threshold", config: { key: "temperature", op: ">", value: 30 }, debug: true },
    { id: "raise", type: "action.createAlarm", config: { alarmType: "High temperature", severity: "CRITICAL" } },
    { id: "clear", type: "action.clearAlarm", config: { alarmType: "High temperature" } },
  ],
  connections: [
    { from: "input", to: "telemetry", relation: "Success" },
    { from: "telemetry", to: "hot", relation: "True" },
    { from: "hot", to: "raise", relation: "True" },
    { from: "hot", to: "clear", relation: "False" },
  ],
};

/** ALARM / ALARM_CLEAR events on the streams (each alarm change emits one). */
async function alarmEvents(redis: Redis): Promise<number> {
  let count = 0;
  for (let p = 0; p < 8; p++)
    for (const [, fields] of await redis.xrange(`rule-engine:${p}`, "-", "+"))
      count += (readRuleEngineEntry(fields) as { type: string }[]).filter((m) => m.type.startsWith("ALARM")).length;
  return count;
}

const alarmsOf = (deviceId: string) =>
  db.system.alarm.findMany({ where: { originatorId: deviceId }, orderBy: { createdAt: "asc" } });

describe("rule engine: telemetry through a tenant's chain", () => {
  it("raises the alarm of 'temperature > 30 → create alarm' for telemetry in ingest's format, then acknowledges the entry", async () => {
    const redis = await redisAt(40);
    const { tenantId, devices, chainId } = await tenantWithChain(db, HIGH_TEMPERATURE);
    const device = devices[0]!;
    engines.push(engine(db, redis));
    await append(redis, [telemetry(tenantId, device.id, { temperature: 31, humidity: 40 })]);

    const [alarm] = await waitFor(async () => {
      const rows = await alarmsOf(device.id);
      return rows.length > 0 && rows;
    });
    expect(alarm).toMatchObject({ tenantId, type: "High temperature", severity: "CRITICAL", cleared: false });
    expect(alarm!.details).toEqual({ temperature: 31, humidity: 40 });
    // The alarm's own ALARM event went through the chain too, and changed nothing.
    await waitFor(async () => (await pendingEntries(redis)) === 0 && (await alarmEvents(redis)) === 1);
    await waitFor(async () => (await pendingEntries(redis)) === 0);
    expect(await alarmsOf(device.id)).toMatchObject([{ id: alarm!.id, cleared: false }]);

    // The threshold node has debug on: its event shows the message as ThingsBoard shapes it.
    const events = await redis.xrange(ruleChainDebugEvents(tenantId, chainId), "-", "+");
    const event = readDebugEvent(events[0]![1])!;
    expect(event.nodeId).toBe("hot");
    expect(event.outputs[0]!.relation).toBe("True");
    expect(event.input).toMatchObject({
      type: "POST_TELEMETRY_REQUEST",
      originator: { type: "DEVICE", id: device.id },
      data: { temperature: 31, humidity: 40 },
      metadata: { deviceName: device.name, deviceType: "default" },
    });
    expect(await redis.ttl(ruleChainDebugEvents(tenantId, chainId))).toBeGreaterThan(3000);
  });

  it("keeps each device's order across entries and across two consumer processes", async () => {
    const redis = await redisAt(41);
    const { tenantId, devices } = await tenantWithChain(db, HIGH_TEMPERATURE, 3);
    engines.push(engine(db, redis), engine(db, redis.duplicate()));
    const start = Date.now();
    // Per device: raise, clear, raise, clear, raise — one entry per batch, batches of all three devices.
    const temperatures = [31, 20, 35, 10, 40];
    for (let i = 0; i < temperatures.length; i++)
      await append(
        redis,
        devices.map((d) => telemetry(tenantId, d.id, { temperature: temperatures[i] }, start + i)),
      );
    for (const device of devices)
      await waitFor(async () => (await alarmsOf(device.id)).filter((a) => !a.cleared).length === 1);
    // Every message and every alarm event it caused finished.
    await waitFor(async () => (await pendingEntries(redis)) === 0 && (await alarmEvents(redis)) === 3 * 5);
    await waitFor(async () => (await pendingEntries(redis)) === 0);
    for (const device of devices) {
      const rows = await alarmsOf(device.id);
      expect(rows.map((a) => a.cleared)).toEqual([true, true, false]);
      expect(rows[2]!.details).toEqual({ temperature: 40 });
    }
  });

  it("finishes the pending entry of a consumer that died, once it has been idle (XAUTOCLAIM)", async () => {
    const redis = await redisAt(42);
    const { tenantId, devices } = await tenantWithChain(db, HIGH_TEMPERATURE);
    const device = devices[0]!;
    // A worker read the entry and died before acknowledging it.
    const [entry] = ruleEngineEntries([telemetry(tenantId, device.id, { temperature: 33 })]);
    await redis.xgroup("CREATE", entry!.stream, RULE_ENGINE_GROUP, "0", "MKSTREAM");
    await redis.xadd(entry!.stream, "*", "msgs", entry!.entry);
    const read = await redis.xreadgroup(
      "GROUP",
      RULE_ENGINE_GROUP,
      "dead-worker",
      "COUNT",
      10,
      "STREAMS",
      entry!.stream,
      ">",
    );
    expect(read).not.toBeNull();
    expect(await pendingEntries(redis)).toBe(1);

    engines.push(engine(db, redis, { claimIdleMs: 500 }));
    await waitFor(async () => (await alarmsOf(device.id)).length === 1);
    await waitFor(async () => (await pendingEntries(redis)) === 0);
    const consumers = (await redis.xinfo("CONSUMERS", entry!.stream, RULE_ENGINE_GROUP)) as unknown[][];
    const dead = consumers
      .map((c) =>
        Object.fromEntries(
          c.reduce<[unknown, unknown][]>((acc, v, i, a) => (i % 2 ? acc : [...acc, [v, a[i + 1]]]), []),
        ),
      )
      .find((c) => c.name === "dead-worker");
    expect(Number(dead?.pending ?? 0)).toBe(0);
  });
});
