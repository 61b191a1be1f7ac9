import { alarmContext, raiseAlarm } from "@industryos/api";
import { createUser } from "@industryos/db";
import { startApiHarness, type ApiHarness } from "@industryos/api/testing";
import { ruleEngineEntries, type PlatformEvent } from "@industryos/device-protocol";
import { notificationsChannel } from "@industryos/realtime/notifications";
import { lazyTemporalClient } from "@industryos/temporal-client";
import type { TestWorkflowEnvironment } from "@temporalio/testing";
import { bundleWorkflowCode, Worker } from "@temporalio/worker";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRuleEngine, type RunningRuleEngine } from "../src/rules/rule-engine.ts";
import { createActivities } from "../src/temporal/activities.ts";
import { workflowsPath } from "../src/temporal/worker.ts";
import { InMemoryDeviceStore } from "./support/in-memory-devices.ts";
import { FAST_SETTINGS, logger, pendingOrUnread, waitFor, webhookServer } from "./support/rule-engine.ts";
import { createTimeSkippingEnvironment, INSTALL_TIMEOUT_MS, quietTemporalLogs } from "./support/temporal.ts";

/** The rule-engine streams' names are fixed: a Redis database no other test file uses. */
const REDIS_DB = 38;
const TASK_QUEUE = "in-app-now-test";

/**
 * An alarm rule's in-app notifications go out from the rule engine's notification step, without the request's
 * workflow: they arrive while no Temporal worker runs, and the workflow, once a worker runs it, sends the other
 * channels (a webhook here) and none of the in-app ones again.
 */
let h: ApiHarness;
let env: TestWorkflowEnvironment;
let workflowBundle: { code: string };
let ruleEngine: RunningRuleEngine;
let engineRedis: Redis;
let subscriber: Redis;
let receiver: Awaited<ReturnType<typeof webhookServer>>;
let admin: { cookie: string; tenantId: string; userId: string };

const api = async <T = { id: string }>(method: string, path: string, body?: unknown, cookie = admin.cookie) => {
  const r = await h.call<T>(method, `/api/v1${path}`, { cookie, body });
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

beforeAll(async () => {
  quietTemporalLogs();
  process.env.REDIS_URL = `${process.env.REDIS_URL}/${REDIS_DB}`;
  const flush = new Redis(process.env.REDIS_URL);
  await flush.flushdb();
  await flush.quit();
  [env, workflowBundle] = await Promise.all([createTimeSkippingEnvironment(), bundleWorkflowCode({ workflowsPath })]);
  h = await startApiHarness({ webhooks: { allowPrivateNetworks: true } });
  admin = await h.signup("in-app-now");
  receiver = await webhookServer(() => 200);
  subscriber = new Redis(process.env.REDIS_URL);
  engineRedis = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: 1 });
  ruleEngine = startRuleEngine({
    db: h.deps.db,
    redis: engineRedis,
    logger,
    allowPrivateNetworks: true,
    settings: FAST_SETTINGS,
    // The server runs; no worker polls the task queue until the test starts one.
    temporal: lazyTemporalClient({ address: env.address, namespace: "default", taskQueue: TASK_QUEUE }),
    notificationRules: { sweepMs: 200 },
  });
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  await ruleEngine?.stop();
  await engineRedis?.quit();
  await subscriber?.quit();
  await receiver?.close();
  await h?.close();
  await env?.teardown();
});

describe("in-app notifications without the request's workflow", () => {
  it("arrive while no Temporal worker runs; the workflow sends the webhook and no in-app twice", async () => {
    const template = await api("POST", "/notification-templates", {
      name: "Alarm",
      notificationType: "ALARM",
      channels: {
        IN_APP: { subject: "${alarmType} on ${deviceName}", body: "${severity}" },
        WEBHOOK: { body: "${alarmType} on ${deviceName} is ${severity}" },
      },
    });
    const targets = [
      await api("POST", "/notification-targets", {
        name: "Admins",
        type: "PLATFORM_USERS",
        configuration: { users: { type: "TENANT_ADMINS" } },
      }),
      await api("POST", "/notification-targets", {
        name: "Pager",
        type: "WEBHOOK",
        configuration: { url: receiver.url },
      }),
    ];
    await api("POST", "/notification-rules", {
      name: "Critical alarms",
      triggerType: "ALARM",
      triggerConfig: { events: ["CREATED"] },
      templateId: template.id,
      targetIds: targets.map((t) => t.id),
    });
    const device = await api("POST", "/devices", { name: "Boiler 7" });
    const pushed: { kind: string; notification?: { subject: string; requestId: string } }[] = [];
    subscriber.on("message", (_channel: string, text: string) => pushed.push(JSON.parse(text)));
    await subscriber.subscribe(notificationsChannel(admin.tenantId, admin.userId));

    const { alarm } = await raiseAlarm(alarmContext(h.deps, admin.tenantId), {
      originator: { type: "DEVICE", id: device.id },
      type: "Overheat",
      severity: "CRITICAL",
      details: {},
      ts: Date.now(),
    });
    const db = h.deps.db.forTenant(admin.tenantId);
    await waitFor(async () => pushed.length > 0, 20_000);
    const request = await db.notificationRequest.findFirstOrThrow({ where: { originatorId: alarm.id } });
    expect(pushed).toEqual([
      {
        kind: "created",
        notification: expect.objectContaining({ subject: "Overheat on Boiler 7", requestId: request.id }),
      },
    ]);
    const inbox = () => db.notification.findMany({ where: { userId: admin.userId } });
    expect((await inbox()).map((n) => [n.requestId, n.text])).toEqual([[request.id, "CRITICAL"]]);
    const deliveries = () =>
      db.notificationDelivery.findMany({ where: { requestId: request.id }, orderBy: { channel: "asc" } });
    expect((await deliveries()).map((d) => [d.channel, d.status])).toEqual([["IN_APP", "SENT"]]);
    // The notifications page's counts follow at once.
    expect((await db.notificationRequest.findUniqueOrThrow({ where: { id: request.id } })).stats).toMatchObject({
      total: 1,
      byChannel: { IN_APP: { SENT: 1 } },
    });

    // The alarm's event delivered again (a redelivered stream entry): no second inbox row or push.
    const again: PlatformEvent = {
      type: "EVENT",
      tenantId: admin.tenantId,
      msgType: "ALARM",
      originatorType: "DEVICE",
      originatorId: device.id,
      receivedAt: Date.now(),
      metadata: { alarmId: alarm.id, alarmChange: "created", isNewAlarm: "true" },
      data: JSON.stringify({ ...alarm, status: "ACTIVE_UNACK" }),
    };
    for (const e of ruleEngineEntries([again])) await h.deps.redis.xadd(e.stream, "*", "msgs", e.entry);
    await waitFor(async () => (await pendingOrUnread(h.deps.redis)) === 0);
    expect(receiver.bodies).toEqual([]);

    // A worker at last: the workflow sends the webhook; the in-app delivery it finds SENT is not sent again.
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowBundle,
      activities: createActivities({
        devices: new InMemoryDeviceStore(),
        notifications: {
          db: h.deps.db,
          redis: h.deps.redis,
          secrets: h.deps.secrets,
          logger: h.deps.logger,
          endpoints: {},
          allowPrivateNetworks: true,
        },
      }),
    });
    await worker.runUntil(env.client.workflow.getHandle(request.workflowId!).result());
    expect(receiver.bodies.map((b) => JSON.parse(b) as unknown)).toMatchObject([
      { text: "Overheat on Boiler 7 is CRITICAL" },
    ]);
    expect((await deliveries()).map((d) => [d.channel, d.status, d.attempts])).toEqual([
      ["IN_APP", "SENT", 1],
      ["WEBHOOK", "DELIVERED", 1],
    ]);
    expect(await inbox()).toHaveLength(1);
    expect(pushed).toHaveLength(1);
    expect(await db.notificationRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({
      status: "SENT",
      stats: { total: 2, byStatus: { SENT: 1, DELIVERED: 1 } },
    });
  }, 90_000);

  it("gives each of several users one inbox row, and each delivery SENT names that user's own row", async () => {
    const team = await h.signup("in-app-now-team");
    const as = <T = { id: string }>(method: string, path: string, body?: unknown) =>
      api<T>(method, path, body, team.cookie);
    const system = h.deps.db.system;
    const secondAdmin = await createUser(system, { tenantId: team.tenantId, role: "TENANT_ADMIN" });
    const customer = await as("POST", "/customers", { title: "Acme Water" });
    const customerUser = await createUser(system, { tenantId: team.tenantId, customerId: customer.id });
    const template = await as("POST", "/notification-templates", {
      name: "Alarm",
      notificationType: "ALARM",
      channels: { IN_APP: { subject: "${alarmType} on ${deviceName}", body: "${severity}" } },
    });
    const targets = [
      await as("POST", "/notification-targets", {
        name: "Admins",
        type: "PLATFORM_USERS",
        configuration: { users: { type: "TENANT_ADMINS" } },
      }),
      // The second admin is named twice: still one notification.
      await as("POST", "/notification-targets", {
        name: "Field",
        type: "PLATFORM_USERS",
        configuration: { users: { type: "USER_LIST", userIds: [customerUser.id, secondAdmin.id] } },
      }),
    ];
    await as("POST", "/notification-rules", {
      name: "Critical alarms",
      triggerType: "ALARM",
      triggerConfig: { events: ["CREATED"] },
      templateId: template.id,
      targetIds: targets.map((t) => t.id),
    });
    const device = await as("POST", "/devices", { name: "Pump 3" });

    const { alarm } = await raiseAlarm(alarmContext(h.deps, team.tenantId), {
      originator: { type: "DEVICE", id: device.id },
      type: "Overheat",
      severity: "CRITICAL",
      details: {},
      ts: Date.now(),
    });
    const db = h.deps.db.forTenant(team.tenantId);
    const request = await waitFor(async () => {
      const found = await db.notificationRequest.findFirst({ where: { originatorId: alarm.id } });
      return (found?.stats as { total?: number } | undefined)?.total === 3 && found;
    }, 20_000);
    expect(request.stats).toMatchObject({ total: 3, byChannel: { IN_APP: { SENT: 3 } } });

    const users = [team.userId, secondAdmin.id, customerUser.id];
    const deliveries = await db.notificationDelivery.findMany({ where: { requestId: request.id } });
    expect(deliveries).toHaveLength(users.length);
    for (const userId of users) {
      const inbox = await db.notification.findMany({ where: { userId } });
      expect(inbox.map((n) => [n.requestId, n.subject])).toEqual([[request.id, "Overheat on Pump 3"]]);
      const delivery = deliveries.find((d) => d.recipient === userId);
      expect(delivery).toMatchObject({
        channel: "IN_APP",
        userId,
        status: "SENT",
        attempts: 1,
        sentAt: expect.any(Date),
      });
      expect(delivery!.providerResponse).toEqual({ provider: "in-app", notificationId: inbox[0]!.id });
    }
  }, 60_000);
});
