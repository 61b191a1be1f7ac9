import { createConnection, createServer, type Server, type Socket } from "node:net";
import { startApiHarness, type ApiHarness } from "@industryos/api/testing";
import { alarmContext, raiseAlarm } from "@industryos/api";
import { createDevice } from "@industryos/db";
import { ruleEngineEntries, type PlatformEvent } from "@industryos/device-protocol";
import { lazyTemporalClient } from "@industryos/temporal-client";
import { alarmEscalationWorkflowId } from "@industryos/temporal-client/workflows/escalation";
import { alarmUnacknowledgedWorkflowId } from "@industryos/temporal-client/workflows/notification-rules";
import type { TestWorkflowEnvironment } from "@temporalio/testing";
import { bundleWorkflowCode, Worker } from "@temporalio/worker";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEMPORAL_OUTBOX_KEY } from "../src/notification-rules/temporal-outbox.ts";
import { startRuleEngine, type RunningRuleEngine } from "../src/rules/rule-engine.ts";
import { createActivities } from "../src/temporal/activities.ts";
import { workflowsPath } from "../src/temporal/worker.ts";
import { InMemoryDeviceStore } from "./support/in-memory-devices.ts";
import { FAST_SETTINGS, logger, pendingOrUnread, waitFor } from "./support/rule-engine.ts";
import { createTimeSkippingEnvironment, INSTALL_TIMEOUT_MS, quietTemporalLogs } from "./support/temporal.ts";

/** The rule-engine streams' names are fixed: a Redis database no other test file uses (40–63 are all taken). */
const REDIS_DB = 36;
const TASK_QUEUE = "notification-rules-test";

/**
 * Notification rules in the rule engine, end to end: rules made through the API, alarms and entity events as the
 * API and the workers append them to the streams, the rule engine's notification step, and the workflows on
 * Temporal's test server through the workers' own worker (delivery to the tenant admin's in-app inbox).
 */
let h: ApiHarness;
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let ruleEngine: RunningRuleEngine;
let proxy: TemporalProxy;
/** The rule engine's own connection (the API harness's fails fast while connecting, which duplicates inherit). */
let engineRedis: Redis;
let admin: { cookie: string; tenantId: string; userId: string };
let template: string;
let admins: string;

/** A TCP relay to the Temporal server that can be cut and restored: Temporal going away, for real. */
interface TemporalProxy {
  address: string;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

async function temporalProxy(target: string): Promise<TemporalProxy> {
  const [host, port] = target.split(":") as [string, string];
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let listenPort = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = createConnection(Number(port), host);
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const drop = () => [client, upstream].forEach((s) => (s.destroy(), sockets.delete(s)));
        client.on("error", drop).on("close", drop);
        upstream.on("error", drop).on("close", drop);
      });
      server.listen(listenPort, "127.0.0.1", () => {
        listenPort = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      sockets.clear();
      const closing = server;
      server = undefined;
      if (closing) closing.close(() => resolve());
      else resolve();
    });
  await listen();
  return { address: `127.0.0.1:${listenPort}`, down: stop, up: listen, close: stop };
}

const api = async <T = { id: string }>(method: string, path: string, body?: unknown) => {
  const r = await h.call<T>(method, `/api/v1${path}`, { cookie: admin.cookie, body });
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

const requestsOf = (tenantId: string) =>
  h.deps.db.forTenant(tenantId).notificationRequest.findMany({ orderBy: { createdAt: "asc" } });
const inbox = () =>
  h.deps.db
    .forTenant(admin.tenantId)
    .notification.findMany({ where: { userId: admin.userId }, orderBy: { createdAt: "asc" } });

async function rule(body: Record<string, unknown>) {
  return api<{ id: string }>("POST", "/notification-rules", {
    name: `Rule ${Math.random()}`,
    templateId: template,
    targetIds: [admins],
    ...body,
  });
}

const raise = (deviceId: string, type: string, severity: "CRITICAL" | "MAJOR" | "MINOR", ts = Date.now()) =>
  raiseAlarm(alarmContext(h.deps, admin.tenantId), {
    originator: { type: "DEVICE", id: deviceId },
    type,
    severity,
    details: { temperature: 97 },
    ts,
  });

/** Every workflow id the rule engine asked for has run to its end (delivery included). */
async function settled(ids: string[]) {
  await waitFor(async () => {
    const states = await Promise.all(
      ids.map((id) =>
        env.client.workflow
          .getHandle(id)
          .describe()
          .then((d) => d.status.name)
          .catch(() => "NOT_STARTED"),
      ),
    );
    return states.every((s) => s === "COMPLETED");
  }, 30_000);
}

beforeAll(async () => {
  quietTemporalLogs();
  process.env.REDIS_URL = `${process.env.REDIS_URL}/${REDIS_DB}`;
  const flush = new Redis(process.env.REDIS_URL);
  await flush.flushdb();
  await flush.quit();
  let workflowBundle: { code: string };
  [env, workflowBundle] = await Promise.all([createTimeSkippingEnvironment(), bundleWorkflowCode({ workflowsPath })]);
  h = await startApiHarness();
  admin = await h.signup("rules");
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle,
    activities: createActivities({
      devices: new InMemoryDeviceStore(),
      alarmNotifications: { db: h.deps.db },
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
  running = worker.run();
  proxy = await temporalProxy(env.address);
  engineRedis = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: 1 });
  ruleEngine = startRuleEngine({
    db: h.deps.db,
    redis: engineRedis,
    logger,
    allowPrivateNetworks: true,
    settings: FAST_SETTINGS,
    temporal: lazyTemporalClient({ address: proxy.address, namespace: "default", taskQueue: TASK_QUEUE }),
    notificationRules: {
      sweepMs: 200,
      outbox: { retryAfterMs: 300, pauseAfterFailureMs: 300, attemptTimeoutMs: 2_000, maxRetryDelayMs: 2_000 },
    },
  });
  template = (
    await api("POST", "/notification-templates", {
      name: "Alarm",
      notificationType: "ALARM",
      channels: {
        IN_APP: {
          subject: "${alarmType} on ${deviceName}",
          body: "${severity} at ${customerName}: ${data.temperature}",
        },
      },
    })
  ).id;
  admins = (
    await api("POST", "/notification-targets", {
      name: "Admins",
      type: "PLATFORM_USERS",
      configuration: { users: { type: "TENANT_ADMINS" } },
    })
  ).id;
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  await ruleEngine?.stop();
  worker?.shutdown();
  await running;
  await proxy?.close();
  await engineRedis?.quit();
  await h?.close();
  await env?.teardown();
});

describe("notification rules in the rule engine", () => {
  it("notifies each rule that names an alarm's event, once, however often the event is delivered", async () => {
    const customer = await api("POST", "/customers", { title: "Acme Water" });
    const device = await api("POST", "/devices", { name: "Boiler 7", customerId: customer.id });
    const created = await rule({
      triggerType: "ALARM",
      triggerConfig: { events: ["CREATED"], severities: ["CRITICAL"] },
    });
    const lifecycle = await rule({
      triggerType: "ALARM",
      triggerConfig: { events: ["SEVERITY_CHANGED", "ACKNOWLEDGED", "CLEARED"], alarmTypes: ["Overheat"] },
    });
    const otherType = await rule({
      triggerType: "ALARM",
      triggerConfig: { events: ["CREATED"], alarmTypes: ["Leak"] },
    });

    const { alarm } = await raise(device.id, "Overheat", "CRITICAL");
    await raise(device.id, "Overheat", "MAJOR", Date.now() + 1);
    await api("POST", `/alarms/${alarm.id}/ack`);
    await api("POST", `/alarms/${alarm.id}/clear`);

    const expected = [
      `${created.id}:alarm:${alarm.id}:created`,
      expect.stringMatching(new RegExp(`^${lifecycle.id}:alarm:${alarm.id}:severity:\\d+$`)),
      `${lifecycle.id}:alarm:${alarm.id}:acknowledged`,
      `${lifecycle.id}:alarm:${alarm.id}:cleared`,
    ];
    await waitFor(async () => (await requestsOf(admin.tenantId)).length >= 4);
    const requests = await requestsOf(admin.tenantId);
    expect(requests.map((r) => r.dedupKey)).toEqual(expected);
    expect(requests.some((r) => r.ruleId === otherType.id)).toBe(false);
    expect(requests[0]).toMatchObject({
      ruleId: created.id,
      templateId: template,
      targetIds: [admins],
      originatorType: "ALARM",
      originatorId: alarm.id,
      info: {
        action: "CREATED",
        alarmType: "Overheat",
        severity: "CRITICAL",
        status: "ACTIVE_UNACK",
        deviceName: "Boiler 7",
        customerName: "Acme Water",
        data: { temperature: 97 },
      },
    });
    expect(requests[1]!.info).toMatchObject({
      action: "SEVERITY_CHANGED",
      severity: "MAJOR",
      previousSeverity: "CRITICAL",
    });
    expect(requests[3]!.info).toMatchObject({ action: "CLEARED", status: "CLEARED_ACK" });

    // Delivered by the real delivery workflow: the admin's inbox has each, rendered from the request's fields.
    await settled(requests.map((r) => r.workflowId!));
    // (Each request is its own workflow: they arrive in any order.)
    expect((await inbox()).map((n) => `${n.subject} | ${n.text}`).sort()).toEqual([
      "Overheat on Boiler 7 | CRITICAL at Acme Water: 97",
      "Overheat on Boiler 7 | MAJOR at Acme Water: 97",
      "Overheat on Boiler 7 | MAJOR at Acme Water: 97",
      "Overheat on Boiler 7 | MAJOR at Acme Water: 97",
    ]);

    // The alarm's events delivered again (a producer's retry, a replayed dead letter): nothing new.
    const events: PlatformEvent[] = ["created", "acknowledged"].map((change) => ({
      type: "EVENT",
      tenantId: admin.tenantId,
      msgType: change === "created" ? "ALARM" : "ALARM_ACK",
      originatorType: "DEVICE",
      originatorId: device.id,
      receivedAt: Date.now(),
      metadata: { alarmId: alarm.id, alarmChange: change, ...(change === "created" ? { isNewAlarm: "true" } : {}) },
      data: JSON.stringify({ ...alarm, status: change === "created" ? "ACTIVE_UNACK" : "ACTIVE_ACK" }),
    }));
    for (const e of ruleEngineEntries(events)) await h.deps.redis.xadd(e.stream, "*", "msgs", e.entry);
    await waitFor(async () => (await pendingOrUnread(h.deps.redis)) === 0);
    expect((await requestsOf(admin.tenantId)).map((r) => r.dedupKey)).toEqual(expected);
    expect(await inbox()).toHaveLength(4);
    for (const id of [created.id, lifecycle.id, otherType.id]) await api("DELETE", `/notification-rules/${id}`);
  }, 90_000);

  it("starts a new alarm's escalations and unacknowledged waits; acknowledging signals the escalation", async () => {
    const device = await api("POST", "/devices", { name: "Pump 3" });
    const policy = await api("POST", "/escalation-policies", {
      name: "Critical",
      severities: ["CRITICAL"],
      levels: [{ afterMinutes: 10, targetIds: [admins], templateId: template }],
    });
    const ignored = await api("POST", "/escalation-policies", {
      name: "Leaks",
      alarmTypes: ["Leak"],
      levels: [{ afterMinutes: 10, targetIds: [admins], templateId: template }],
    });
    const unack = await rule({
      triggerType: "ALARM_UNACKNOWLEDGED",
      triggerConfig: { afterMinutes: 15, originatorIds: [device.id] },
    });
    // Another device's alarms only: this alarm starts no wait of it.
    const otherDevice = await api("POST", "/devices", { name: "Pump 4" });
    const elsewhere = await rule({
      triggerType: "ALARM_UNACKNOWLEDGED",
      triggerConfig: { afterMinutes: 15, originatorIds: [otherDevice.id] },
    });

    const { alarm } = await raise(device.id, "Overheat", "CRITICAL");
    const escalation = env.client.workflow.getHandle(alarmEscalationWorkflowId(alarm.id, policy.id));
    await waitFor(async () => (await escalation.describe().catch(() => null))?.status.name === "RUNNING");
    const wait = await env.client.workflow.getHandle(alarmUnacknowledgedWorkflowId(unack.id, alarm.id)).describe();
    expect(wait.status.name).toBe("RUNNING");
    await expect(
      env.client.workflow.getHandle(alarmUnacknowledgedWorkflowId(elsewhere.id, alarm.id)).describe(),
    ).rejects.toThrow(/not found/i);
    const rows = await h.deps.db.forTenant(admin.tenantId).alarmEscalation.findMany({ where: { alarmId: alarm.id } });
    expect(rows.map((r) => r.policyId)).toEqual([policy.id]);
    expect(rows.map((r) => r.policyId)).not.toContain(ignored.id);

    await api("POST", `/alarms/${alarm.id}/ack`);
    await waitFor(async () => (await escalation.describe()).status.name === "COMPLETED");
    expect(await escalation.result()).toBe("ACKNOWLEDGED");
    const view = await api<{ data: { status: string; sent: unknown[] }[] }>("GET", `/alarms/${alarm.id}/escalations`);
    expect(view.data).toMatchObject([{ policyId: policy.id, status: "ACKNOWLEDGED", sent: [] }]);
    for (const id of [unack.id, elsewhere.id]) await api("DELETE", `/notification-rules/${id}`);
    for (const id of [policy.id, ignored.id]) await api("DELETE", `/escalation-policies/${id}`);
  }, 90_000);

  it("notifies entity actions and device inactivity by their filters", async () => {
    const entityRule = await api<{ id: string }>("POST", "/notification-rules", {
      name: "Devices come and go",
      triggerType: "ENTITY_ACTION",
      triggerConfig: { entityTypes: ["DEVICE"], actions: ["CREATED", "DELETED"] },
      templateId: await entityTemplate(),
      targetIds: [admins],
    });
    const profile = await api("POST", "/device-profiles", { name: "Chillers" });
    const inactivityRule = await api<{ id: string }>("POST", "/notification-rules", {
      name: "Chillers silent",
      triggerType: "DEVICE_INACTIVITY",
      triggerConfig: { deviceProfileIds: [profile.id] },
      templateId: await inactivityTemplate(),
      targetIds: [admins],
    });

    const chiller = await api("POST", "/devices", { name: "Chiller 1", profileId: profile.id });
    await api("PATCH", `/devices/${chiller.id}`, { label: "roof" });
    const other = (await createDevice(h.deps.db.system, { tenantId: admin.tenantId, name: "Other" })).device;
    const silence = (deviceId: string, name: string): PlatformEvent => ({
      type: "EVENT",
      tenantId: admin.tenantId,
      msgType: "INACTIVITY_EVENT",
      originatorType: "DEVICE",
      originatorId: deviceId,
      receivedAt: Date.now(),
      metadata: { deviceName: name, deviceType: "default" },
      data: JSON.stringify({
        active: false,
        lastActivityTime: 1_700_000_000_000,
        inactivityAlarmTime: 1_700_000_600_000,
      }),
    });
    for (const e of ruleEngineEntries([silence(chiller.id, "Chiller 1"), silence(other.id, "Other")]))
      await h.deps.redis.xadd(e.stream, "*", "msgs", e.entry);
    // Deleted once its silence was seen (the event names the device; a deleted device's silence notifies nobody).
    await waitFor(async () => (await requestsOf(admin.tenantId)).some((r) => r.ruleId === inactivityRule.id));
    await api("DELETE", `/devices/${chiller.id}`);

    await waitFor(async () => {
      const requests = await requestsOf(admin.tenantId);
      return requests.filter((r) => [entityRule.id, inactivityRule.id].includes(r.ruleId!)).length >= 3;
    });
    const requests = (await requestsOf(admin.tenantId)).filter((r) =>
      [entityRule.id, inactivityRule.id].includes(r.ruleId!),
    );
    expect(requests.map((r) => [r.ruleId, (r.info as { action: string }).action])).toEqual([
      [entityRule.id, "CREATED"],
      [inactivityRule.id, "INACTIVE"],
      [entityRule.id, "DELETED"],
    ]);
    expect(requests[0]!.info).toMatchObject({ entityType: "DEVICE", entityName: "Chiller 1", deviceName: "Chiller 1" });
    expect(requests[1]!.info).toMatchObject({
      deviceName: "Chiller 1",
      deviceProfileName: "Chillers",
      lastActivityTime: new Date(1_700_000_000_000).toISOString(),
    });
    for (const id of [entityRule.id, inactivityRule.id]) await api("DELETE", `/notification-rules/${id}`);
  }, 90_000);

  it("stops evaluating a disabled rule at once (the API tells the workers)", async () => {
    const device = await api("POST", "/devices", { name: "Valve 9" });
    const r = await rule({ triggerType: "ALARM", triggerConfig: { events: ["CREATED"], alarmTypes: ["Stuck"] } });
    await raise(device.id, "Stuck", "MINOR");
    await waitFor(async () => (await requestsOf(admin.tenantId)).some((q) => q.ruleId === r.id));
    await api("POST", `/notification-rules/${r.id}/disable`);
    const other = await api("POST", "/devices", { name: "Valve 10" });
    await raise(other.id, "Stuck", "MINOR");
    // A later alarm of another rule's kind shows the engine got past the event.
    const marker = await rule({ triggerType: "ALARM", triggerConfig: { events: ["CREATED"], alarmTypes: ["Marker"] } });
    await raise(other.id, "Marker", "MINOR");
    await waitFor(async () => (await requestsOf(admin.tenantId)).some((q) => q.ruleId === marker.id));
    expect((await requestsOf(admin.tenantId)).filter((q) => q.ruleId === r.id)).toHaveLength(1);
  }, 90_000);

  it("writes the request while Temporal is away and starts its workflow once Temporal is back", async () => {
    const device = await api("POST", "/devices", { name: "Fan 2" });
    const r = await rule({ triggerType: "ALARM", triggerConfig: { events: ["CREATED"], alarmTypes: ["Vibration"] } });
    await proxy.down();
    await raise(device.id, "Vibration", "MAJOR");
    const request = await waitFor(async () => (await requestsOf(admin.tenantId)).find((q) => q.ruleId === r.id));
    // The entry is done (its chains ran, its notification is queued), while the workflow waits for Temporal.
    await waitFor(async () => (await pendingOrUnread(h.deps.redis)) === 0);
    expect(await h.deps.redis.zcard(TEMPORAL_OUTBOX_KEY)).toBeGreaterThan(0);
    const handle = env.client.workflow.getHandle(request.workflowId!);
    expect(await handle.describe().catch(() => "not started")).toBe("not started");

    await proxy.up();
    await settled([request.workflowId!]);
    await waitFor(async () => (await inbox()).some((n) => n.requestId === request.id));
    await waitFor(async () => (await h.deps.redis.zcard(TEMPORAL_OUTBOX_KEY)) === 0);
  }, 90_000);
});

async function entityTemplate() {
  return (
    await api("POST", "/notification-templates", {
      name: "Entity",
      notificationType: "ENTITY_ACTION",
      channels: { IN_APP: { subject: "${entityType} ${action}", body: "${entityName}" } },
    })
  ).id;
}

async function inactivityTemplate() {
  return (
    await api("POST", "/notification-templates", {
      name: "Silent",
      notificationType: "DEVICE_INACTIVITY",
      channels: { IN_APP: { subject: "${deviceName} is silent", body: "since ${lastActivityTime}" } },
    })
  ).id;
}
