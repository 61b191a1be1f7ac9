import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "@industryos/api/testing";
import type { DatabaseClients } from "@industryos/db";
import type { RuleEngineMessage } from "@industryos/device-protocol";
import { withAlarmFastPath } from "../src/rules/alarm-fast-path.ts";
import { startRuleEngine } from "../src/rules/rule-engine.ts";
import { createDeliveryStore, type DeliveryStore } from "../src/webhooks/delivery-store.ts";
import { startWebhookDispatcher, type WebhookDispatcher } from "../src/webhooks/dispatcher.ts";
import {
  closeTestDatabase,
  FAST_SETTINGS,
  logger,
  pendingEntries,
  telemetry,
  testDatabase,
  testRedis,
} from "./support/rule-engine.ts";
import {
  addWebhook,
  appendMessages,
  platformEvent,
  streamEntries,
  tenantWithDevice,
  testSecrets,
  until,
} from "./support/webhooks.ts";

const REDIS_DB = 50;
const secrets = testSecrets();

let db: DatabaseClients;
let redis: Redis;
let receiver: WebhookReceiver;
/** Status per path; default 200. */
const answers = new Map<string, number | (() => Promise<number>)>();

const dispatchers: WebhookDispatcher[] = [];
function dispatcher(settings = {}, store?: DeliveryStore) {
  const d = startWebhookDispatcher({
    db,
    redis,
    logger,
    secrets,
    temporal: null,
    allowPrivateNetworks: true,
    settings,
    store,
  });
  dispatchers.push(d);
  return d;
}

beforeAll(async () => {
  db = await testDatabase();
  redis = await testRedis(REDIS_DB);
  receiver = await startWebhookReceiver({
    answer: async (delivery) => {
      const answer = answers.get(delivery.path) ?? 200;
      return typeof answer === "number" ? answer : answer();
    },
  });
});
afterAll(async () => {
  for (const d of dispatchers) await d.stop(1_000);
  await receiver?.close();
  redis?.disconnect();
  await closeTestDatabase();
});

const received = (path: string) => receiver.deliveries.filter((d) => d.path === path);

const deliveriesOf = (tenantId: string, webhookId: string) =>
  db.forTenant(tenantId).webhookDelivery.findMany({
    where: { webhookId },
    include: { attemptsList: { orderBy: { attempt: "asc" } } },
    orderBy: { createdAt: "asc" },
  });

describe("webhook dispatch from the rule-engine streams", () => {
  it("delivers telemetry to the subscribed webhooks of the message's tenant only, signed, in the contract's shape", async () => {
    const a = await tenantWithDevice(db);
    const b = await tenantWithDevice(db);
    const hook = await addWebhook(db, secrets, a.tenantId, receiver.url("/a/telemetry"), ["telemetry"]);
    receiver.secrets.set("/a/telemetry", hook.secret);
    const alarmsOnly = await addWebhook(db, secrets, a.tenantId, receiver.url("/a/alarms"), ["alarm.created"]);
    const disabled = await addWebhook(db, secrets, a.tenantId, receiver.url("/a/disabled"), ["*"]);
    await db.forTenant(a.tenantId).webhook.update({ where: { id: disabled.id }, data: { enabled: false } });
    await addWebhook(db, secrets, b.tenantId, receiver.url("/b/all"), ["*"]);

    const d = dispatcher();
    // Through the rule engine, as in production: the entry is acknowledged once its deliveries are recorded.
    const running = startRuleEngine({
      db,
      redis,
      logger,
      allowPrivateNetworks: true,
      webhooks: d,
      settings: FAST_SETTINGS,
    });
    try {
      const ts = Date.now() - 5_000;
      await appendMessages(redis, [
        telemetry(a.tenantId, a.device.id, { ts, values: { temperature: 21.5, running: true } }),
      ]);
      await receiver.waitFor(1);
      await until(async () => (await pendingEntries(redis)) === 0);
      await d.settled();
    } finally {
      await running.stop();
    }

    const [got] = received("/a/telemetry");
    expect(got).toBeDefined();
    expect(got!.signatureValid).toBe(true);
    expect(got!.event).toBe("telemetry");
    expect(got!.headers["content-type"]).toBe("application/json");
    const body = JSON.parse(got!.body);
    expect(body).toEqual({
      id: expect.any(String),
      type: "telemetry",
      tenantId: a.tenantId,
      createdAt: expect.any(String),
      data: {
        deviceId: a.device.id,
        deviceName: a.device.name,
        ts: expect.any(Number),
        values: { temperature: 21.5, running: true },
      },
    });
    expect(received("/a/alarms")).toHaveLength(0);
    expect(received("/a/disabled")).toHaveLength(0);
    expect(received("/b/all")).toHaveLength(0);

    const [row] = await deliveriesOf(a.tenantId, hook.id);
    expect(row).toMatchObject({
      id: got!.deliveryId,
      status: "SUCCEEDED",
      attempts: 1,
      lastStatusCode: 200,
      eventType: "telemetry",
    });
    expect(row!.eventId).toBe(body.id);
    expect(row!.attemptsList).toMatchObject([{ attempt: 1, statusCode: 200, error: null }]);
    expect(JSON.stringify(row!.payload)).toBe(got!.body);
    expect(await deliveriesOf(a.tenantId, alarmsOnly.id)).toHaveLength(0);
  });

  it("maps alarm, device, connection, attribute and RPC events to their webhook events", async () => {
    const a = await tenantWithDevice(db);
    await addWebhook(db, secrets, a.tenantId, receiver.url("/events"), ["*"]);
    const device = { type: "DEVICE", id: a.device.id };
    const alarm = { id: crypto.randomUUID(), type: "High temperature", severity: "MAJOR", originatorId: a.device.id };
    const d = dispatcher();
    for (const entry of streamEntries([
      platformEvent(a.tenantId, "ENTITY_CREATED", device, { id: a.device.id, name: a.device.name }),
      platformEvent(a.tenantId, "CONNECT_EVENT", device, { connectTime: 1 }),
      platformEvent(a.tenantId, "ATTRIBUTES_UPDATED", device, { setpoint: 20 }, { scope: "SHARED_SCOPE" }),
      platformEvent(a.tenantId, "ALARM", device, alarm, { alarmChange: "created" }),
      platformEvent(a.tenantId, "ALARM", device, { ...alarm, severity: "CRITICAL" }, { alarmChange: "updated" }),
      platformEvent(a.tenantId, "ALARM_ACK", device, alarm),
      platformEvent(a.tenantId, "ALARM_CLEAR", device, alarm),
      platformEvent(a.tenantId, "RPC_SUCCESSFUL", device, { ok: 1 }, { requestId: "7", method: "reboot" }),
      platformEvent(a.tenantId, "DISCONNECT_EVENT", device, { disconnectTime: 2 }),
      // Not integrator events: activity, assignments.
      platformEvent(a.tenantId, "ACTIVITY_EVENT", device, { active: true }),
      platformEvent(a.tenantId, "ENTITY_ASSIGNED", device, { id: a.device.id }),
    ]))
      await d.record(entry);
    await d.settled();
    const events = received("/events").map((r) => ({ event: r.event, body: JSON.parse(r.body) }));
    // In stream order, except that attributes (like telemetry) wait behind the events an integrator acts on.
    expect(events.map((e) => e.event)).toEqual([
      "device.created",
      "device.connected",
      "alarm.created",
      "alarm.updated",
      "alarm.acknowledged",
      "alarm.cleared",
      "rpc.completed",
      "device.disconnected",
      "attributes",
    ]);
    const data = (type: string) => events.find((e) => e.event === type)!.body.data;
    expect(data("attributes")).toEqual({
      deviceId: a.device.id,
      deviceName: a.device.name,
      scope: "SHARED",
      values: { setpoint: 20 },
    });
    expect(data("alarm.created")).toEqual(alarm);
    expect(data("alarm.updated").severity).toBe("CRITICAL");
    expect(data("device.connected")).toEqual({ deviceId: a.device.id, deviceName: a.device.name, connectTime: 1 });
    expect(data("rpc.completed")).toEqual({
      deviceId: a.device.id,
      deviceName: a.device.name,
      requestId: 7,
      method: "reboot",
      status: "SUCCESSFUL",
      response: { ok: 1 },
    });
  });

  it("records an entry read twice once: the same delivery ids, nothing sent twice", async () => {
    const a = await tenantWithDevice(db);
    await addWebhook(db, secrets, a.tenantId, receiver.url("/twice"), ["telemetry"]);
    const d = dispatcher();
    const entries = streamEntries([
      telemetry(a.tenantId, a.device.id, { v: 1 }),
      telemetry(a.tenantId, a.device.id, { v: 2 }),
    ]);
    for (const entry of entries) await d.record(entry);
    for (const entry of entries) await d.record({ ...entry, deliveries: 2 });
    await d.settled();
    expect(received("/twice")).toHaveLength(2);
    expect(new Set(received("/twice").map((r) => r.deliveryId)).size).toBe(2);
  });

  it("delivers a chain's alarm event as it is published, before its stream entry is read, and that entry sends it no second time", async () => {
    const a = await tenantWithDevice(db);
    await addWebhook(db, secrets, a.tenantId, receiver.url("/alarm-at-once"), ["alarm.created", "telemetry"]);
    const d = dispatcher();
    // The streams, as far as this test goes: what was published, read later.
    const published: RuleEngineMessage[] = [];
    const publish = withAlarmFastPath(
      async (messages) => void published.push(...messages),
      () => [d.recordAlarmEvents],
      logger,
    );
    const alarm = { id: crypto.randomUUID(), type: "Overheat", severity: "CRITICAL", originatorId: a.device.id };
    await publish([
      telemetry(a.tenantId, a.device.id, { temperature: 97 }),
      platformEvent(a.tenantId, "ALARM", { type: "DEVICE", id: a.device.id }, alarm, { alarmChange: "created" }),
    ]);
    const first = await until(async () => received("/alarm-at-once")[0]);
    expect(first.event).toBe("alarm.created");
    expect(JSON.parse(first.body).data).toEqual(alarm);

    for (const entry of streamEntries(published)) await d.record(entry);
    await d.settled();
    // The telemetry came with its entry; the alarm only once, under the delivery id it was first sent with.
    expect(received("/alarm-at-once").map((r) => r.event)).toEqual(["alarm.created", "telemetry"]);
    const rows = await db.forTenant(a.tenantId).webhookDelivery.findMany({ where: { eventType: "alarm.created" } });
    expect(rows.map((r) => r.id)).toEqual([first.deliveryId]);
  });

  it("leaves the entry pending while its deliveries cannot be recorded, then delivers once", async () => {
    const a = await tenantWithDevice(db);
    await addWebhook(db, secrets, a.tenantId, receiver.url("/outage"), ["telemetry"]);
    const real = createDeliveryStore(db);
    let refusals = 1;
    // PostgreSQL refusing the first write, as during a restart.
    const store: DeliveryStore = {
      ...real,
      insert: (rows) =>
        refusals-- > 0 ? Promise.reject(new Error("the database system is shutting down")) : real.insert(rows),
    };
    const d = dispatcher({}, store);
    const running = startRuleEngine({
      db,
      redis,
      logger,
      allowPrivateNetworks: true,
      webhooks: d,
      settings: FAST_SETTINGS,
    });
    try {
      await appendMessages(redis, [telemetry(a.tenantId, a.device.id, { pressure: 3 })]);
      await until(async () => received("/outage").length === 1 && (await pendingEntries(redis)) === 0);
      await d.settled();
    } finally {
      await running.stop();
    }
    expect(refusals).toBeLessThan(0);
    expect(received("/outage")).toHaveLength(1);
  });

  it("refuses a link-local address at delivery time, whatever the row says", async () => {
    const a = await tenantWithDevice(db);
    // Written around the API's check, as a row from before the guard could be.
    const hook = await addWebhook(db, secrets, a.tenantId, "http://169.254.169.254/latest/meta-data/", ["telemetry"]);
    const d = dispatcher();
    for (const entry of streamEntries([telemetry(a.tenantId, a.device.id, { x: 1 })])) await d.record(entry);
    await d.settled();
    const [row] = await deliveriesOf(a.tenantId, hook.id);
    expect(row).toMatchObject({ status: "RETRYING", attempts: 1, lastStatusCode: null });
    expect(row!.lastError).toMatch(/link-local .*always refused/);
  });

  it("schedules a failed first attempt's retry 30 s later and keeps a slow receiver from holding up the others", async () => {
    const a = await tenantWithDevice(db);
    const slow = await addWebhook(db, secrets, a.tenantId, receiver.url("/slow"), ["telemetry"]);
    await addWebhook(db, secrets, a.tenantId, receiver.url("/fast"), ["telemetry"]);
    const failing = await addWebhook(db, secrets, a.tenantId, receiver.url("/500"), ["telemetry"]);
    answers.set("/slow", () => new Promise((resolve) => setTimeout(() => resolve(200), 1_500)));
    answers.set("/500", 500);
    const d = dispatcher({ concurrency: 8, perWebhook: 2 });
    const messages = Array.from({ length: 10 }, (_, i) => telemetry(a.tenantId, a.device.id, { n: i }));
    for (const entry of streamEntries(messages)) await d.record(entry);
    // Ten to the slow receiver take 5 × 1.5 s, two at a time; the fast one's ten are not queued behind them.
    await until(async () => received("/fast").length === 10, 15_000);
    expect(received("/slow").length).toBeLessThan(10);
    await d.settled(20_000);
    expect(received("/slow")).toHaveLength(10);

    const rows = await deliveriesOf(a.tenantId, failing.id);
    expect(rows.map((r) => r.status)).toEqual(Array(10).fill("RETRYING"));
    for (const row of rows) {
      const attempt = row.attemptsList[0]!;
      expect(attempt).toMatchObject({ attempt: 1, statusCode: 500 });
      expect(row.nextAttemptAt!.getTime() - attempt.createdAt.getTime()).toBe(30_000);
    }
    const webhook = await db.forTenant(a.tenantId).webhook.findUniqueOrThrow({ where: { id: failing.id } });
    // Ten failed first attempts, all still to be retried: no failed delivery yet.
    expect(webhook).toMatchObject({ enabled: true, consecutiveFailures: 0 });
    expect(
      (await db.forTenant(a.tenantId).webhook.findUniqueOrThrow({ where: { id: slow.id } })).consecutiveFailures,
    ).toBe(0);
  });

  it("sends a delivery a crashed dispatcher left PENDING once the sweep finds it, as it would have been sent", async () => {
    const a = await tenantWithDevice(db);
    const hook = await addWebhook(db, secrets, a.tenantId, receiver.url("/orphan"), ["telemetry"]);
    receiver.secrets.set("/orphan", hook.secret);
    // Recorded, never attempted: the process died between the INSERT and the POST.
    const store = createDeliveryStore(db);
    const body = JSON.stringify({ id: crypto.randomUUID(), data: { values: { v: 1 } }, type: "telemetry" });
    const deliveryId = crypto.randomUUID();
    await store.insert([
      {
        id: deliveryId,
        tenantId: a.tenantId,
        webhookId: hook.id,
        eventId: crypto.randomUUID(),
        eventType: "telemetry",
        body,
        createdAt: new Date(),
      },
    ]);
    const d = dispatcher({ sweepIntervalMs: 0, sweepGraceMs: 60_000 });
    expect(await d.sweep()).toEqual({ pending: 0, retrying: 0 });
    await db.system.webhookDelivery.update({
      where: { id: deliveryId },
      data: { updatedAt: new Date(Date.now() - 5 * 60_000) },
    });
    expect(await d.sweep()).toMatchObject({ pending: 1 });
    // Claimed: a second sweep (another process) leaves it alone.
    expect(await d.sweep()).toMatchObject({ pending: 0 });
    await d.settled();
    const got = received("/orphan");
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ deliveryId, body, signatureValid: true });
    const row = await db.forTenant(a.tenantId).webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId } });
    expect(row).toMatchObject({ status: "SUCCEEDED", attempts: 1 });
  });

  it("does not disable a webhook whose receiver is briefly down while many deliveries fail their first attempt", async () => {
    const a = await tenantWithDevice(db);
    const hook = await addWebhook(db, secrets, a.tenantId, receiver.url("/blip"), ["telemetry"]);
    answers.set("/blip", 503);
    const d = dispatcher({ concurrency: 4, perWebhook: 1 });
    const messages = Array.from({ length: 30 }, (_, i) => telemetry(a.tenantId, a.device.id, { n: i }));
    for (const entry of streamEntries(messages)) await d.record(entry);
    await d.settled();
    // Thirty failed attempts in a row, each delivery to be retried 30 s on: none has failed, all are sent.
    expect(received("/blip")).toHaveLength(30);
    const rows = await deliveriesOf(a.tenantId, hook.id);
    expect(rows).toHaveLength(30);
    expect(rows.every((r) => r.status === "RETRYING" && r.attempts === 1 && r.nextAttemptAt !== null)).toBe(true);
    const webhook = await db.forTenant(a.tenantId).webhook.findUniqueOrThrow({ where: { id: hook.id } });
    expect(webhook).toMatchObject({ enabled: true, consecutiveFailures: 0, disabledAt: null });
    expect(
      await db
        .forTenant(a.tenantId)
        .notificationRequest.count({ where: { dedupKey: { startsWith: `webhook-disabled:${hook.id}:` } } }),
    ).toBe(0);
  });
});
