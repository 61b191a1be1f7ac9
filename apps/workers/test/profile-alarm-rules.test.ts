import { beforeAll, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import type { DatabaseClients } from "@industryos/db";
import { createCustomer, createDevice, createDeviceProfile, createTenant } from "@industryos/db/testing";
import type { RuleEngineMessage } from "@industryos/device-protocol";
import type { AlarmRule } from "@industryos/rules";
import { DEVICE_PROFILES_CHANGED_CHANNEL } from "@industryos/device-protocol";
import { alarmRuleStateKey } from "../src/rules/profile-alarms/state-store.ts";
import { append, engine, telemetry, testDatabase, waitFor, webhookServer } from "./support/rule-engine.ts";
import { stopAfterFile } from "./support/stop-after-file.ts";

// Redis databases 52-60 are this file's. Only one tenant here has a rule chain: profile alarm
// rules run without one.
let db: DatabaseClients;
const { engines, redisAt, onClose } = stopAfterFile();

beforeAll(async () => {
  db = await testDatabase();
});

function started(redis: Redis) {
  const running = engine(db, redis);
  engines.push(running);
  return running;
}

/** A tenant (no chain) with one device profile holding `rules`, and `devices` devices in it. */
async function tenantWithRules(rules: AlarmRule[], devices = 1, customerId?: (tenantId: string) => Promise<string>) {
  const tenant = await createTenant(db.system);
  const profile = await createDeviceProfile(db.system, { tenantId: tenant.id, alarmRules: rules as never });
  const customer = customerId ? await customerId(tenant.id) : undefined;
  const rows = [];
  for (let i = 0; i < devices; i++)
    rows.push(
      (
        await createDevice(db.system, {
          tenantId: tenant.id,
          deviceProfileId: profile.id,
          ...(customer && i === 1 ? { customerId: customer } : {}),
        })
      ).device,
    );
  return { tenantId: tenant.id, profileId: profile.id, devices: rows };
}

/** Message time drives the rules: every test's telemetry carries its own `ts`. */
const T0 = 1_750_000_000_000;
const SECOND = 1_000;

const point = (tenantId: string, deviceId: string, ts: number, values: Record<string, unknown>) =>
  telemetry(tenantId, deviceId, { ts, values });

/** Every rule-engine entry appended so far was delivered and acknowledged. */
async function drained(redis: Redis): Promise<boolean> {
  for (let p = 0; p < 8; p++) {
    const stream = `rule-engine:${p}`;
    if (!(await redis.exists(stream))) continue;
    const info = (await redis.xinfo("STREAM", stream)) as unknown[];
    const last = info[info.indexOf("last-generated-id") + 1];
    const groups = (await redis.xinfo("GROUPS", stream)) as unknown[][];
    const group = groups[0];
    if (!group) return false;
    if (group[group.indexOf("last-delivered-id") + 1] !== last) return false;
    if (Number(group[group.indexOf("pending") + 1]) !== 0) return false;
  }
  return true;
}

/** Appends, then waits until the engine has processed everything on the streams. */
async function send(redis: Redis, messages: RuleEngineMessage[]) {
  for (const message of messages) await append(redis, [message]);
  await waitFor(() => drained(redis));
}

const alarmsOf = (deviceId: string) =>
  db.system.alarm.findMany({ where: { originatorId: deviceId }, orderBy: { createdAt: "asc" } });

const hot = (value: number | { attribute: string; default?: number }, op: ">" | "<=" = ">") => ({
  source: "TIME_SERIES" as const,
  key: "temperature",
  op,
  value,
});

describe("device-profile alarm rules", () => {
  it("a simple rule raises with the values that triggered it, leaves the alarm alone while it holds, and clears", async () => {
    const redis = await redisAt(52);
    const { tenantId, devices } = await tenantWithRules([
      {
        alarmType: "High temperature",
        create: { CRITICAL: { conditions: [hot(30)] } },
        clear: { conditions: [hot(30, "<=")] },
        propagateToTenant: true,
      },
    ]);
    const device = devices[0]!;
    started(redis);

    await send(redis, [point(tenantId, device.id, T0, { temperature: 25 })]);
    expect(await alarmsOf(device.id)).toEqual([]);

    await send(redis, [point(tenantId, device.id, T0 + SECOND, { temperature: 31, humidity: 40 })]);
    const [raised] = await alarmsOf(device.id);
    expect(raised).toMatchObject({ type: "High temperature", severity: "CRITICAL", cleared: false, tenantId });
    expect(raised!.details).toEqual({ values: { temperature: 31 } });
    expect(raised!.startTs.getTime()).toBe(T0 + SECOND);
    // The rule's propagation is the alarm's.
    expect(raised!.propagateToTenant).toBe(true);
    expect(await db.system.alarmPropagation.findMany({ where: { alarmId: raised!.id } })).toMatchObject([
      { entityType: "TENANT", entityId: tenantId },
    ]);

    // Still above: the same alarm, not updated (its details stay those that raised it).
    await send(redis, [point(tenantId, device.id, T0 + 2 * SECOND, { temperature: 33 })]);
    expect(await alarmsOf(device.id)).toMatchObject([
      { id: raised!.id, cleared: false, details: { values: { temperature: 31 } } },
    ]);

    // A message without the rule's key is no news to it.
    await send(redis, [point(tenantId, device.id, T0 + 3 * SECOND, { humidity: 10 })]);
    expect(await alarmsOf(device.id)).toMatchObject([{ id: raised!.id, cleared: false }]);

    await send(redis, [point(tenantId, device.id, T0 + 4 * SECOND, { temperature: 29 })]);
    const [cleared] = await alarmsOf(device.id);
    expect(cleared).toMatchObject({ id: raised!.id, cleared: true });
    expect(cleared!.clearTs!.getTime()).toBe(T0 + 4 * SECOND);

    // Above again: a new alarm.
    await send(redis, [point(tenantId, device.id, T0 + 5 * SECOND, { temperature: 35 })]);
    expect((await alarmsOf(device.id)).map((a) => [a.cleared, a.details])).toEqual([
      [true, { values: { temperature: 31 } }],
      [false, { values: { temperature: 35 } }],
    ]);
  });

  it("the most severe create condition that holds wins, and moves the one active alarm between severities", async () => {
    const redis = await redisAt(53);
    const { tenantId, devices } = await tenantWithRules([
      {
        alarmType: "Overheating",
        create: {
          MAJOR: { conditions: [hot(30)] },
          CRITICAL: { conditions: [hot(40)] },
          WARNING: { conditions: [hot(25)] },
        },
        clear: { conditions: [hot(25, "<=")] },
      },
    ]);
    const device = devices[0]!;
    started(redis);

    await send(redis, [point(tenantId, device.id, T0, { temperature: 35 })]);
    const [major] = await alarmsOf(device.id);
    expect(major).toMatchObject({ severity: "MAJOR", cleared: false, details: { values: { temperature: 35 } } });

    await send(redis, [point(tenantId, device.id, T0 + SECOND, { temperature: 45 })]);
    expect(await alarmsOf(device.id)).toMatchObject([
      { id: major!.id, severity: "CRITICAL", cleared: false, details: { values: { temperature: 45 } } },
    ]);

    await send(redis, [point(tenantId, device.id, T0 + 2 * SECOND, { temperature: 27 })]);
    expect(await alarmsOf(device.id)).toMatchObject([{ id: major!.id, severity: "WARNING", cleared: false }]);

    await send(redis, [point(tenantId, device.id, T0 + 3 * SECOND, { temperature: 20 })]);
    expect(await alarmsOf(device.id)).toMatchObject([{ id: major!.id, cleared: true }]);
  });

  it("a duration rule raises only once the condition held from its first match to a message durationSeconds later; a miss restarts it", async () => {
    const redis = await redisAt(54);
    const { tenantId, devices } = await tenantWithRules(
      [{ alarmType: "Hot for 5 minutes", create: { CRITICAL: { conditions: [hot(30)], durationSeconds: 300 } } }],
      2,
    );
    const [a, b] = devices as [(typeof devices)[0], (typeof devices)[0]];
    started(redis);

    await send(redis, [
      point(tenantId, a.id, T0, { temperature: 31 }),
      point(tenantId, a.id, T0 + 100 * SECOND, { temperature: 35 }),
      point(tenantId, a.id, T0 + 299 * SECOND, { temperature: 32 }),
    ]);
    expect(await alarmsOf(a.id)).toEqual([]);
    await send(redis, [point(tenantId, a.id, T0 + 300 * SECOND, { temperature: 33 })]);
    const [alarm] = await alarmsOf(a.id);
    expect(alarm).toMatchObject({ severity: "CRITICAL", cleared: false });
    expect(alarm!.startTs.getTime()).toBe(T0 + 300 * SECOND);
    expect(alarm!.details).toEqual({ values: { temperature: 33 }, durationSeconds: 300, since: T0 });

    // Device b: the streak breaks at 200 s and starts again at 250 s.
    await send(redis, [
      point(tenantId, b.id, T0, { temperature: 31 }),
      point(tenantId, b.id, T0 + 200 * SECOND, { temperature: 20 }),
      point(tenantId, b.id, T0 + 250 * SECOND, { temperature: 31 }),
      point(tenantId, b.id, T0 + 400 * SECOND, { temperature: 31 }),
      point(tenantId, b.id, T0 + 549 * SECOND, { temperature: 31 }),
    ]);
    expect(await alarmsOf(b.id)).toEqual([]);
    await send(redis, [point(tenantId, b.id, T0 + 550 * SECOND, { temperature: 31 })]);
    expect(await alarmsOf(b.id)).toMatchObject([
      { cleared: false, details: { durationSeconds: 300, since: T0 + 250 * SECOND } },
    ]);
  });

  it("a repeating rule raises at the 3rd match in a row; a miss starts the count again", async () => {
    const redis = await redisAt(55);
    const { tenantId, devices } = await tenantWithRules([
      { alarmType: "Hot 3 times", create: { MAJOR: { conditions: [hot(30)], repeats: 3 } } },
    ]);
    const device = devices[0]!;
    started(redis);

    await send(redis, [
      point(tenantId, device.id, T0, { temperature: 31 }),
      point(tenantId, device.id, T0 + 1, { temperature: 32 }),
      point(tenantId, device.id, T0 + 2, { temperature: 20 }), // miss: the count starts again
      point(tenantId, device.id, T0 + 3, { temperature: 33 }),
      point(tenantId, device.id, T0 + 4, { temperature: 34 }),
    ]);
    expect(await alarmsOf(device.id)).toEqual([]);
    await send(redis, [point(tenantId, device.id, T0 + 5, { temperature: 35 })]);
    const [alarm] = await alarmsOf(device.id);
    expect(alarm).toMatchObject({ severity: "MAJOR", details: { values: { temperature: 35 }, repeats: 3 } });
    expect(alarm!.startTs.getTime()).toBe(T0 + 5);
  });

  it("reads a threshold from the device's attribute, else its customer's, else its tenant's; an ATTRIBUTES_UPDATED re-evaluates", async () => {
    const redis = await redisAt(56);
    let customerId = "";
    const { tenantId, devices } = await tenantWithRules(
      [
        {
          alarmType: "Above limit",
          create: { MAJOR: { conditions: [hot({ attribute: "maxTemperature" })] } },
          clear: { conditions: [hot({ attribute: "maxTemperature" }, "<=")] },
        },
      ],
      3,
      async (tenant) => (customerId = (await createCustomer(db.system, { tenantId: tenant })).id),
    );
    // Device 0 has its own limit; device 1 belongs to the customer; device 2 has only the tenant's.
    const [own, ofCustomer, ofTenant] = devices as [(typeof devices)[0], (typeof devices)[0], (typeof devices)[0]];
    const attribute = (entityType: "DEVICE" | "CUSTOMER" | "TENANT", entityId: string, value: number) =>
      db.system.attribute.create({
        data: { tenantId, entityType, entityId, scope: "SERVER", key: "maxTemperature", longValue: BigInt(value) },
      });
    await attribute("DEVICE", own.id, 25);
    await attribute("CUSTOMER", customerId, 40);
    await attribute("TENANT", tenantId, 50);
    started(redis);

    await send(
      redis,
      [own, ofCustomer, ofTenant].map((d) => point(tenantId, d.id, T0, { temperature: 30 })),
    );
    expect(await alarmsOf(own.id)).toMatchObject([
      { severity: "MAJOR", details: { values: { temperature: 30 }, thresholds: { maxTemperature: 25 } } },
    ]);
    expect(await alarmsOf(ofCustomer.id)).toEqual([]);
    expect(await alarmsOf(ofTenant.id)).toEqual([]);

    await send(
      redis,
      [ofCustomer, ofTenant].map((d) => point(tenantId, d.id, T0 + SECOND, { temperature: 45 })),
    );
    expect(await alarmsOf(ofCustomer.id)).toMatchObject([{ details: { thresholds: { maxTemperature: 40 } } }]);
    expect(await alarmsOf(ofTenant.id)).toEqual([]);

    // The API raises the device's limit (committed first, then the event): the rule runs again on
    // the temperature it last saw, 30, and clears.
    await db.system.attribute.update({
      where: { tenantId_entityId_scope_key: { tenantId, entityId: own.id, scope: "SERVER", key: "maxTemperature" } },
      data: { longValue: BigInt(60) },
    });
    await send(redis, [
      {
        type: "EVENT",
        tenantId,
        msgType: "ATTRIBUTES_UPDATED",
        originatorType: "DEVICE",
        originatorId: own.id,
        receivedAt: T0 + 2 * SECOND,
        metadata: { scope: "SERVER_SCOPE" },
        data: JSON.stringify({ maxTemperature: 60 }),
      },
    ]);
    expect(await alarmsOf(own.id)).toMatchObject([{ cleared: true }]);
    expect((await alarmsOf(own.id))[0]!.clearTs!.getTime()).toBe(T0 + 2 * SECOND);
  });

  it("keeps a repeat count across a worker restart (state in Redis), and a redelivered message does not count twice", async () => {
    const redis = await redisAt(57);
    const { tenantId, devices } = await tenantWithRules(
      [{ alarmType: "Hot 3 times", create: { CRITICAL: { conditions: [hot(30)], repeats: 3 } } }],
      2,
    );
    const [restarted, redelivered] = devices as [(typeof devices)[0], (typeof devices)[0]];

    const first = started(redis);
    await send(redis, [
      point(tenantId, restarted.id, T0, { temperature: 31 }),
      point(tenantId, restarted.id, T0 + SECOND, { temperature: 32 }),
    ]);
    await first.stop();
    const state = await redis.hget(alarmRuleStateKey(tenantId, restarted.id), "rule:Hot 3 times");
    expect(JSON.parse(state!)).toMatchObject({ lastTs: T0 + SECOND, streaks: { CRITICAL: { since: T0, count: 2 } } });
    expect(await alarmsOf(restarted.id)).toEqual([]);

    // A new worker process: the third match raises the alarm.
    const other = redis.duplicate();
    onClose(() => other.disconnect());
    started(other);
    await send(redis, [point(tenantId, restarted.id, T0 + 2 * SECOND, { temperature: 33 })]);
    expect(await alarmsOf(restarted.id)).toMatchObject([{ severity: "CRITICAL", cleared: false }]);

    // The second message arrives twice (a redelivery, or a dead letter replayed): counted once.
    const second = point(tenantId, redelivered.id, T0 + SECOND, { temperature: 32 });
    await send(redis, [point(tenantId, redelivered.id, T0, { temperature: 31 }), second, second]);
    expect(await alarmsOf(redelivered.id)).toEqual([]);
    // A late message (older than the last one evaluated) does not count either.
    await send(redis, [point(tenantId, redelivered.id, T0 + 500, { temperature: 40 })]);
    expect(await alarmsOf(redelivered.id)).toEqual([]);
    await send(redis, [point(tenantId, redelivered.id, T0 + 2 * SECOND, { temperature: 33 })]);
    expect(await alarmsOf(redelivered.id)).toMatchObject([
      { severity: "CRITICAL", startTs: new Date(T0 + 2 * SECOND) },
    ]);
  });

  it("an ATTRIBUTE condition: a device's attributes message (ingest's format) raises and clears", async () => {
    const redis = await redisAt(60);
    const door = (value: string) => [{ source: "ATTRIBUTE" as const, key: "door", op: "==" as const, value }];
    const { tenantId, devices } = await tenantWithRules([
      {
        alarmType: "Door open",
        create: { WARNING: { conditions: door("open") } },
        clear: { conditions: door("closed") },
      },
    ]);
    const device = devices[0]!;
    started(redis);
    // Ingest commits the client attribute, then appends the message.
    const report = async (value: string, receivedAt: number) => {
      await db.system.attribute.upsert({
        where: { tenantId_entityId_scope_key: { tenantId, entityId: device.id, scope: "CLIENT", key: "door" } },
        create: {
          tenantId,
          entityType: "DEVICE",
          entityId: device.id,
          scope: "CLIENT",
          key: "door",
          stringValue: value,
        },
        update: { stringValue: value },
      });
      await send(redis, [
        {
          type: "ATTRIBUTES",
          tenantId,
          deviceId: device.id,
          receivedAt,
          scope: "CLIENT",
          attributes: [{ key: "door", value: { type: "STRING", value } }],
          data: JSON.stringify({ door: value }),
        },
      ]);
    };
    await report("open", T0);
    expect(await alarmsOf(device.id)).toMatchObject([
      { severity: "WARNING", cleared: false, details: { values: { door: "open" } } },
    ]);
    await report("closed", T0 + SECOND);
    expect(await alarmsOf(device.id)).toMatchObject([{ cleared: true }]);
  });

  it("a message retried after its chain failed is evaluated again without counting twice", async () => {
    const redis = await redisAt(59);
    // The chain posts every message to a webhook that answers the second request with 500: that
    // message's chain run is retried, and the alarm rules run before the chain again.
    const hook = await webhookServer((n) => (n === 2 ? 500 : 200));
    try {
      const { tenantId, devices } = await tenantWithRules([
        { alarmType: "Hot 3 times", create: { CRITICAL: { conditions: [hot(30)], repeats: 3 } } },
      ]);
      await db.system.ruleChain.create({
        data: {
          tenantId,
          name: "Root",
          root: true,
          configuration: {
            nodes: [{ id: "hook", type: "external.webhook", config: { url: hook.url } }],
            connections: [{ from: "input", to: "hook", relation: "Success" }],
          } as never,
        },
      });
      const device = devices[0]!;
      started(redis);
      await send(redis, [
        point(tenantId, device.id, T0, { temperature: 31 }),
        point(tenantId, device.id, T0 + SECOND, { temperature: 32 }),
      ]);
      expect(hook.bodies.length).toBe(3); // the second message ran its chain twice
      expect(await alarmsOf(device.id)).toEqual([]);
      await send(redis, [point(tenantId, device.id, T0 + 2 * SECOND, { temperature: 33 })]);
      expect(await alarmsOf(device.id)).toMatchObject([{ severity: "CRITICAL", startTs: new Date(T0 + 2 * SECOND) }]);
    } finally {
      await hook.close();
    }
  });

  it("applies a changed rule as soon as the profile change is published, and learns of an alarm cleared by a user", async () => {
    const redis = await redisAt(58);
    const { tenantId, profileId, devices } = await tenantWithRules([
      { alarmType: "High temperature", create: { MINOR: { conditions: [hot(50)] } } },
    ]);
    const device = devices[0]!;
    started(redis);

    await send(redis, [point(tenantId, device.id, T0, { temperature: 40 })]);
    expect(await alarmsOf(device.id)).toEqual([]);

    await db.system.deviceProfile.update({
      where: { id: profileId },
      data: { alarmRules: [{ alarmType: "High temperature", create: { MINOR: { conditions: [hot(30)] } } }] },
    });
    await redis.publish(DEVICE_PROFILES_CHANGED_CHANNEL, JSON.stringify({ tenantId, deviceProfileId: profileId }));
    await send(redis, [point(tenantId, device.id, T0 + SECOND, { temperature: 40 })]);
    const [first] = await waitFor(async () => {
      const rows = await alarmsOf(device.id);
      return rows.length > 0 && rows;
    });
    expect(first).toMatchObject({ severity: "MINOR", cleared: false });

    // A user clears it (the API's clear emits ALARM_CLEAR on the device's partition); the rule
    // still holds on the next message, so a new alarm is raised.
    await db.system.alarm.update({
      where: { id: first!.id },
      data: { cleared: true, clearTs: new Date(T0 + 2 * SECOND) },
    });
    await send(redis, [
      {
        type: "EVENT",
        tenantId,
        msgType: "ALARM_CLEAR",
        originatorType: "DEVICE",
        originatorId: device.id,
        receivedAt: T0 + 2 * SECOND,
        metadata: {},
        data: JSON.stringify({ id: first!.id, type: "High temperature" }),
      },
      point(tenantId, device.id, T0 + 3 * SECOND, { temperature: 41 }),
    ]);
    expect((await alarmsOf(device.id)).map((a) => a.cleared)).toEqual([true, false]);
  });
});
