import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import { createDatabaseClients, type DatabaseClients } from "@industryos/db";
import { createAsset, createDevice, createTenant } from "@industryos/db/testing";
import { pgTelemetryDatabase } from "@industryos/db/telemetry";
import { createUplinkPublisher, RuleEngineOutbox } from "@industryos/device-bus";
import { alarmsChannel, readRuleEngineEntry } from "@industryos/device-protocol";
import { PermanentError } from "@industryos/rules";
import { createAlarmWrites, type AlarmWrites } from "../src/rules/services/alarm-writes.ts";
import {
  closeTestDatabase,
  logger,
  testDatabase,
  testDatabaseUrls,
  testRedis,
  waitFor,
} from "./support/rule-engine.ts";

// Redis database 61 is this file's.
let db: DatabaseClients;
let redis: Redis;
const closers: (() => Promise<unknown>)[] = [];

/** The rule engine's alarm writes of one workers process: pools of its own, events through its own outbox. */
function processWrites(): AlarmWrites {
  const urls = testDatabaseUrls();
  const own = createDatabaseClients({ appUrl: urls.app, systemUrl: urls.system, poolSize: 4 });
  const outbox = new RuleEngineOutbox(redis, { maxBacklogMessages: 1_000, streamMaxMessages: 10_000, logger });
  const uplinks = createUplinkPublisher(redis, outbox, { succeeded: () => {}, failed: () => {} });
  closers.push(
    () => outbox.close(1_000),
    () => own.close(),
  );
  return createAlarmWrites({ sql: pgTelemetryDatabase(own), events: { db: own, redis, logger, uplinks } });
}

interface StreamEvent {
  /** ALARM, ALARM_CLEAR, ... (the event's msgType). */
  type: string;
  originatorId?: string;
  metadata?: Record<string, string>;
  data?: string;
}

/** The platform events on the rule-engine streams about this originator's alarms. */
async function alarmEventsOf(originatorId: string): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for (let p = 0; p < 8; p++)
    for (const [, fields] of await redis.xrange(`rule-engine:${p}`, "-", "+"))
      for (const m of readRuleEngineEntry(fields) as StreamEvent[])
        if (m.originatorId === originatorId && m.type.startsWith("ALARM")) events.push(m);
  return events;
}

const alarmsOf = (originatorId: string) =>
  db.system.alarm.findMany({ where: { originatorId }, orderBy: { createdAt: "asc" } });

beforeAll(async () => {
  db = await testDatabase();
  redis = await testRedis(61);
});
afterAll(async () => {
  for (const close of closers) await close();
  redis.disconnect();
  await closeTestDatabase();
});

describe("the rule engine's alarm writes (one SQL statement per raise or clear)", () => {
  it("two processes raising the same alarm type on one device at once create exactly one alarm", async () => {
    const tenant = await createTenant(db.system);
    const { device } = await createDevice(db.system, { tenantId: tenant.id });
    const [a, b] = [processWrites(), processWrites()];
    const ts = Date.now();
    // Two lanes, ten raises each, all in flight together, each with its own details.
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).raise(
          tenant.id,
          { type: "DEVICE", id: device.id },
          {
            type: "Overheat",
            severity: "MAJOR",
            details: { n: i },
            ts,
          },
        ),
      ),
    );
    const rows = await alarmsOf(device.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: "Overheat", severity: "MAJOR", cleared: false, tenantId: tenant.id });
    expect(results.filter((r) => r.change === "created")).toHaveLength(1);
    expect(new Set(results.map((r) => r.alarm.id))).toEqual(new Set([rows[0]!.id]));
    // One ALARM event per change: the creation and each update that changed the details.
    const changed = results.filter((r) => r.change !== "unchanged").length;
    const events = await waitFor(async () => {
      const found = await alarmEventsOf(device.id);
      return found.length === changed && found;
    });
    expect(events.filter((e) => e.metadata?.isNewAlarm === "true")).toHaveLength(1);
    expect(events.every((e) => e.type === "ALARM" && e.metadata?.alarmId === rows[0]!.id)).toBe(true);
  });

  it("a repeat changes nothing, a new severity is an update with the previous one, a clear emits ALARM_CLEAR", async () => {
    const tenant = await createTenant(db.system);
    const { device } = await createDevice(db.system, { tenantId: tenant.id, name: "Boiler 7" });
    const writes = processWrites();
    const originator = { type: "DEVICE", id: device.id };
    const t0 = Date.now();
    const channel = redis.duplicate();
    const published: { change: string; alarm: { severity: string }; propagatedTo: string[] }[] = [];
    channel.on("message", (_c: string, text: string) => published.push(JSON.parse(text) as (typeof published)[0]));
    await channel.subscribe(alarmsChannel(tenant.id));

    const raise = (severity: "MINOR" | "CRITICAL", ts: number, details: unknown = { t: 31 }) =>
      writes.raise(tenant.id, originator, {
        type: "Hot",
        severity,
        details,
        ts,
        propagation: {
          propagate: false,
          propagateRelationTypes: [],
          propagateToOwner: false,
          propagateToTenant: true,
        },
      });
    const created = await raise("MINOR", t0);
    expect(created).toMatchObject({ change: "created", alarm: { originatorName: "Boiler 7", status: "ACTIVE_UNACK" } });
    expect((await raise("MINOR", t0 + 1)).change).toBe("unchanged");
    const updated = await raise("CRITICAL", t0 + 2);
    expect(updated).toMatchObject({ change: "updated", alarm: { id: created.alarm.id, severity: "CRITICAL" } });
    // Older than the alarm's last change: a late message, nothing written.
    expect((await raise("MINOR", t0 + 1, { t: 99 })).change).toBe("unchanged");

    const cleared = await writes.clear(tenant.id, originator, "Hot", undefined, t0 + 3);
    expect(cleared).toMatchObject({ change: "cleared", alarm: { status: "CLEARED_UNACK", details: { t: 31 } } });
    expect(await writes.clear(tenant.id, originator, "Hot", undefined, t0 + 4)).toBeNull();
    // A raise from before the clear is late too; one after it raises a new alarm.
    expect((await raise("MINOR", t0 + 2, { t: 40 })).change).toBe("unchanged");
    expect((await raise("MINOR", t0 + 5)).change).toBe("created");

    const events = await waitFor(async () => {
      const found = await alarmEventsOf(device.id);
      return found.length === 4 && found;
    });
    expect(events.map((e) => [e.type, e.metadata?.alarmChange])).toEqual([
      ["ALARM", "created"],
      ["ALARM", "updated"],
      ["ALARM_CLEAR", "cleared"],
      ["ALARM", "created"],
    ]);
    expect(events[1]!.metadata).toMatchObject({ previousAlarmSeverity: "MINOR", alarmSeverity: "CRITICAL" });
    expect(await db.system.alarmPropagation.findMany({ where: { alarmId: created.alarm.id } })).toMatchObject([
      { entityType: "TENANT", entityId: tenant.id },
    ]);
    await waitFor(async () => published.length === 4);
    expect(published.map((m) => [m.change, m.propagatedTo])).toEqual([
      ["created", [tenant.id]],
      ["updated", [tenant.id]],
      ["cleared", [tenant.id]],
      ["created", [tenant.id]],
    ]);
    channel.disconnect();
  });

  it("propagates up relations and to the owner; refuses another tenant's device and unknown originators for good", async () => {
    const tenant = await createTenant(db.system);
    const other = await createTenant(db.system);
    const { device } = await createDevice(db.system, { tenantId: tenant.id });
    const floor = await createAsset(db.system, { tenantId: tenant.id });
    const building = await createAsset(db.system, { tenantId: tenant.id });
    await db.system.entityRelation.createMany({
      data: [
        {
          tenantId: tenant.id,
          fromType: "ASSET",
          fromId: floor.id,
          toType: "DEVICE",
          toId: device.id,
          type: "Contains",
        },
        {
          tenantId: tenant.id,
          fromType: "ASSET",
          fromId: building.id,
          toType: "ASSET",
          toId: floor.id,
          type: "Contains",
        },
      ],
    });
    const writes = processWrites();
    const propagation = {
      propagate: true,
      propagateRelationTypes: [],
      propagateToOwner: true,
      propagateToTenant: false,
    };
    const raised = await writes.raise(
      tenant.id,
      { type: "DEVICE", id: device.id },
      {
        type: "Leak",
        severity: "WARNING",
        details: null,
        ts: Date.now(),
        propagation,
      },
    );
    const shownOn = await db.system.alarmPropagation.findMany({ where: { alarmId: raised.alarm.id } });
    expect(new Set(shownOn.map((p) => p.entityId))).toEqual(new Set([floor.id, building.id, tenant.id]));

    const refused = (originator: { type: string; id: string }) =>
      writes.raise(other.id, originator, { type: "Leak", severity: "WARNING", details: {}, ts: Date.now() });
    await expect(refused({ type: "DEVICE", id: device.id })).rejects.toThrow(PermanentError);
    await expect(refused({ type: "DEVICE", id: device.id })).rejects.toThrow("Device not found");
    await expect(refused({ type: "RULE_CHAIN", id: device.id })).rejects.toThrow(PermanentError);
    await expect(refused({ type: "ASSET", id: "not-a-uuid" })).rejects.toThrow(PermanentError);
    await expect(writes.clear(other.id, { type: "DEVICE", id: device.id }, "Leak", {}, Date.now())).rejects.toThrow(
      "Device not found",
    );
    expect(await alarmsOf(device.id)).toMatchObject([{ tenantId: tenant.id, cleared: false }]);
  });
});
