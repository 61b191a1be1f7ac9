import type { TestWorkflowEnvironment } from "@temporalio/testing";
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from "@temporalio/worker";
import type { WorkflowHandle } from "@temporalio/client";
import { Redis } from "ioredis";
import type { DatabaseClients } from "@industryos/db";
import { createLogger, createSecretBox, generateSecretKey } from "@industryos/runtime";
import {
  alarmEscalationWorkflowId,
  type EscalationHistoryEntry,
} from "@industryos/temporal-client/workflows/escalation";
import { alarmUnacknowledgedWorkflowId } from "@industryos/temporal-client/workflows/notification-rules";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createActivities } from "../src/temporal/activities.ts";
import { createAlarmEscalationActivities } from "../src/temporal/activities/alarm-escalation.ts";
import { workflowsPath } from "../src/temporal/worker.ts";
import { InMemoryDeviceStore } from "./support/in-memory-devices.ts";
import { alarmOf, notificationTenant } from "./support/notification-fixtures.ts";
import { closeTestDatabase, testDatabase, waitFor } from "./support/rule-engine.ts";
import { createTimeSkippingEnvironment, INSTALL_TIMEOUT_MS, quietTemporalLogs } from "./support/temporal.ts";

const MINUTE = 60_000;
const TASK_QUEUE = "escalation-test";
/** A Redis database no other test file uses (delivery's rate-limit windows and in-app channel; no streams). */
const REDIS_DB = 37;

/**
 * Escalations and "unacknowledged for N minutes" on Temporal's time-skipping test server with real PostgreSQL:
 * hours of timers pass in seconds. The worker is the workers' own (every workflow, every activity), so each
 * notification goes through the real notificationRequestWorkflow to the tenant admin's in-app inbox, rendered from
 * the request's fields. Each test has a test server of its own (skipped time is global to a server).
 */
let env: TestWorkflowEnvironment;
let db: DatabaseClients;
let bundle: WorkflowBundleWithSourceMap;
let redis: Redis;

beforeAll(async () => {
  quietTemporalLogs();
  db = await testDatabase();
  // Delivery keeps rate-limit windows and publishes in-app notifications here (keys of this file's tenants only).
  redis = new Redis(`${process.env.REDIS_URL}/${REDIS_DB}`, { maxRetriesPerRequest: 1 });
  bundle = await bundleWorkflowCode({
    workflowsPath,
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } as never,
  });
}, INSTALL_TIMEOUT_MS);

// A test server per test: after a test, the Java test server was seen to keep its time locked for the next one
// (a 10-minute timer then waited 10 real minutes) whatever that test had waited for.
beforeEach(async () => {
  env = await createTimeSkippingEnvironment();
}, INSTALL_TIMEOUT_MS);

afterEach(async () => {
  await env?.teardown();
});

afterAll(async () => {
  await redis?.quit();
  await closeTestDatabase();
});

type EscalationActivities = ReturnType<typeof createAlarmEscalationActivities>;

/** `stopsMidway`: a worker the test stops while its workflows sleep (see below). */
function worker(overrides: Partial<EscalationActivities> = {}, stopsMidway = false) {
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle: bundle,
    // A worker that stops midway keeps no workflow cached: otherwise the server sends the sleeping workflow's next
    // task to that worker's sticky queue, whose timeout the time-skipping server never reaches. (Every worker
    // without a cache would rebuild the workflows' sandbox for each task, too slow for the 10 s a task has here.)
    ...(stopsMidway ? { maxCachedWorkflows: 0 } : {}),
    activities: {
      ...createActivities({
        devices: new InMemoryDeviceStore(),
        alarmNotifications: { db },
        notifications: {
          db,
          redis,
          secrets: createSecretBox(generateSecretKey()),
          logger: createLogger("escalation-test", process.env.TEST_LOG_LEVEL ?? "silent"),
          endpoints: {},
          allowPrivateNetworks: true,
        },
      }),
      ...overrides,
    },
  });
}

async function policyOf(
  tenant: Awaited<ReturnType<typeof notificationTenant>>,
  extra: { repeatEveryMinutes?: number; repeatLimit?: number } = {},
  firstAfterMinutes = 10,
) {
  return db.forTenant(tenant.tenantId).escalationPolicy.create({
    data: {
      tenantId: tenant.tenantId,
      name: `Policy ${Math.random()}`,
      severities: ["CRITICAL"],
      levels: [
        { afterMinutes: firstAfterMinutes, targetIds: [tenant.onCall], templateId: tenant.templateId },
        { afterMinutes: 30, targetIds: [tenant.managers] },
        { afterMinutes: 120, targetIds: [tenant.onCall, tenant.managers] },
      ],
      ...extra,
    },
  });
}

/**
 * Ids of the tenant's requests delivered to the admin's inbox, in order. Children run beside their parent and may lag it, and a
 * worker must not stop while one is half done (a workflow task left on a stopped worker's sticky queue holds the
 * test server's time): so this waits, while the worker still runs, until `count` of them have completed.
 */
async function deliveredOf(tenantId: string, count: number) {
  await waitFor(async () => {
    const requests = await db.forTenant(tenantId).notificationRequest.findMany({ select: { workflowId: true } });
    if (requests.length < count) return false;
    const states = await Promise.all(
      requests.map((r) =>
        env.client.workflow
          .getHandle(r.workflowId!)
          .describe()
          .then((d) => d.status.name)
          .catch(() => "NOT_STARTED"),
      ),
    );
    return states.every((state) => state === "COMPLETED");
  }, 30_000);
  return (await inboxOf(tenantId)).map((n) => n.requestId);
}

/** The tenant admin's in-app notifications, oldest first: what the real delivery made of each request. */
const inboxOf = (tenantId: string) => db.forTenant(tenantId).notification.findMany({ orderBy: { createdAt: "asc" } });

const escalationRow = (tenantId: string, alarmId: string) =>
  db.forTenant(tenantId).alarmEscalation.findFirstOrThrow({ where: { alarmId } });
const historyOf = async (tenantId: string, alarmId: string) =>
  (await escalationRow(tenantId, alarmId)).history as unknown as EscalationHistoryEntry[];

/**
 * Waits until the workflow sleeps on a timer with nothing of it in flight. Only then may a test await a result
 * (which lets the test server skip time): the Java test server was seen to skip past a task still running, which
 * then timed out (a workflow task has 10 s).
 */
async function untilAsleep(handle: WorkflowHandle) {
  await waitFor(async () => {
    const events = (await handle.fetchHistory()).events ?? [];
    const lastActivity = events.findLastIndex((e) => !!e.activityTaskScheduledEventAttributes);
    const timer = events.findLastIndex((e) => !!e.timerStartedEventAttributes);
    const last = events.at(-1);
    return timer > lastActivity && !!(last?.timerStartedEventAttributes || last?.workflowTaskCompletedEventAttributes);
  }, 30_000);
}

async function startEscalation(tenantId: string, alarmId: string, policyId: string) {
  return env.client.workflow.start("alarmEscalationWorkflow", {
    taskQueue: TASK_QUEUE,
    workflowId: alarmEscalationWorkflowId(alarmId, policyId),
    // A busy machine may need more than the default 10 s for a task: a timed-out one would let time jump ahead.
    workflowTaskTimeout: "1 minute",
    args: [{ tenantId, alarmId, policyId }],
  });
}

describe("alarm escalation", () => {
  it("notifies each level when due and repeats the last, over four hours in seconds", async () => {
    const tenant = await notificationTenant(db);
    const policy = await policyOf(tenant, { repeatEveryMinutes: 60, repeatLimit: 2 });
    const startTs = await env.currentTimeMs();
    const alarm = await alarmOf(db, tenant, startTs);
    const started = Date.now();

    const w = await worker();
    const end = await w.runUntil(async () => {
      const handle = await startEscalation(tenant.tenantId, alarm.id, policy.id);
      await untilAsleep(handle);
      const result = await handle.result();
      await deliveredOf(tenant.tenantId, 5);
      return result;
    });

    expect(end).toBe("COMPLETED");
    expect(Date.now() - started).toBeLessThan(50_000);
    const history = await historyOf(tenant.tenantId, alarm.id);
    // Levels at 10, 30 and 120 minutes, then the last level again at 180 and 240 (two repeats).
    expect(history.map((h) => [h.level, h.repeat, (Date.parse(h.at) - startTs) / MINUTE])).toEqual([
      [0, 0, 10],
      [1, 0, 30],
      [2, 0, 120],
      [2, 1, 180],
      [2, 2, 240],
    ]);
    expect(history.map((h) => h.targetIds)).toEqual([
      [tenant.onCall],
      [tenant.managers],
      [tenant.onCall, tenant.managers],
      [tenant.onCall, tenant.managers],
      [tenant.onCall, tenant.managers],
    ]);
    const requests = await db.forTenant(tenant.tenantId).notificationRequest.findMany({
      where: { id: { in: history.map((h) => h.requestId) } },
    });
    expect(requests).toHaveLength(5);
    // Every level has the first level's template (inherited) and the alarm's fields for the placeholders.
    for (const request of requests) {
      expect(request).toMatchObject({ templateId: tenant.templateId, originatorType: "ALARM", originatorId: alarm.id });
      expect(request.info).toMatchObject({
        alarmType: "Overheat",
        severity: "CRITICAL",
        deviceName: "Boiler 7",
        customerName: "Acme Water",
        data: { temperature: 97 },
        action: "ESCALATED",
      });
    }
    expect(await deliveredOf(tenant.tenantId, 5)).toEqual(history.map((h) => h.requestId));
    // Rendered by the delivery side from the request's fields.
    expect((await inboxOf(tenant.tenantId)).map((n) => [n.subject, n.text])).toEqual(
      Array(5).fill(["Overheat on Boiler 7", "CRITICAL: 97"]),
    );
    expect(await escalationRow(tenant.tenantId, alarm.id)).toMatchObject({
      status: "COMPLETED",
      currentLevel: 2,
      nextLevelAt: null,
    });
  }, 90_000);

  /** Runs the policy's escalation of a new alarm; `afterLevel` acts once a level's notification is written. */
  async function escalate(afterLevel: (level: number, alarmId: string, tenantId: string) => Promise<void>) {
    const tenant = await notificationTenant(db);
    const policy = await policyOf(tenant, { repeatEveryMinutes: 60 });
    const startTs = await env.currentTimeMs();
    const alarm = await alarmOf(db, tenant, startTs);
    const real = createAlarmEscalationActivities({ db });
    const w = await worker({
      async notifyEscalationStep(input) {
        const outcome = await real.notifyEscalationStep(input);
        if ("requestId" in outcome) await afterLevel(input.step.level, alarm.id, tenant.tenantId);
        return outcome;
      },
    });
    const end = await w.runUntil(async () => {
      const handle = await startEscalation(tenant.tenantId, alarm.id, policy.id);
      await untilAsleep(handle);
      const result = await handle.result();
      await deliveredOf(tenant.tenantId, 1);
      return result;
    });
    return { end, tenant, alarm, startTs };
  }

  it("stops when the alarm is acknowledged (signal), and records why", async () => {
    // The on-call engineer acknowledges right after the first notification: the API acks, the rule engine signals.
    const { end, tenant, alarm } = await escalate(async (level, alarmId, tenantId) => {
      if (level !== 0) return;
      await db
        .forTenant(tenantId)
        .alarm.update({ where: { id: alarmId }, data: { acknowledged: true, ackTs: new Date() } });
      await env.client.workflow
        .getHandle(alarmEscalationWorkflowId(alarmId, (await escalationRow(tenantId, alarmId)).policyId))
        .signal("acknowledged");
    });

    expect(end).toBe("ACKNOWLEDGED");
    expect((await historyOf(tenant.tenantId, alarm.id)).map((h) => h.level)).toEqual([0]);
    expect(await escalationRow(tenant.tenantId, alarm.id)).toMatchObject({ status: "ACKNOWLEDGED", nextLevelAt: null });
    await deliveredOf(tenant.tenantId, 1);
  }, 90_000);

  it("stops at the next level when the alarm was cleared and no signal came", async () => {
    const { end, tenant, alarm, startTs } = await escalate(async (level, alarmId, tenantId) => {
      if (level === 0)
        await db
          .forTenant(tenantId)
          .alarm.update({ where: { id: alarmId }, data: { cleared: true, clearTs: new Date() } });
    });

    expect(end).toBe("CLEARED");
    expect((await historyOf(tenant.tenantId, alarm.id)).map((h) => h.level)).toEqual([0]);
    // It looked when level 2 fell due (30 minutes), not before.
    expect((await env.currentTimeMs()) - startTs).toBeGreaterThanOrEqual(30 * MINUTE);
    await deliveredOf(tenant.tenantId, 1);
  }, 90_000);

  it("does not repeat a level across a retried activity and a worker restart", async () => {
    const tenant = await notificationTenant(db);
    // The first level is due at once, so the first worker gets there without skipping time.
    const policy = await policyOf(tenant, {}, 0);
    const startTs = await env.currentTimeMs();
    const alarm = await alarmOf(db, tenant, startTs);
    const real = createAlarmEscalationActivities({ db });
    let attempts = 0;

    // The first attempt writes level 0's request and history, then fails as if its worker died before reporting
    // back; Temporal retries it, and the retry finds what the first wrote.
    const first = await worker(
      {
        async notifyEscalationStep(input) {
          const outcome = await real.notifyEscalationStep(input);
          if (attempts++ === 0) throw new Error("worker died after writing");
          return outcome;
        },
      },
      true,
    );
    const handle = await first.runUntil(async () => {
      const started = await startEscalation(tenant.tenantId, alarm.id, policy.id);
      await deliveredOf(tenant.tenantId, 1);
      // Waiting for level 1 (no time is skipped while nobody awaits a result): the worker stops once the workflow
      // sleeps on its timer, with no task of it in flight.
      await untilAsleep(started);
      expect((await escalationRow(tenant.tenantId, alarm.id)).nextLevelAt?.getTime()).toBe(startTs + 30 * MINUTE);
      return started;
    });
    expect(attempts).toBe(2);
    expect(await historyOf(tenant.tenantId, alarm.id)).toHaveLength(1);

    // A new worker picks the escalation up where it stood (its history replayed): levels 1 and 2, nothing again.
    const second = await worker();
    expect(
      await second.runUntil(async () => {
        const result = await handle.result();
        await deliveredOf(tenant.tenantId, 3);
        return result;
      }),
    ).toBe("COMPLETED");
    const history = await historyOf(tenant.tenantId, alarm.id);
    expect(history.map((h) => [h.level, (Date.parse(h.at) - startTs) / MINUTE])).toEqual([
      [0, 0],
      [1, 30],
      [2, 120],
    ]);
    expect(await deliveredOf(tenant.tenantId, 3)).toEqual(history.map((h) => h.requestId));
    expect(
      await db
        .forTenant(tenant.tenantId)
        .notificationRequest.count({ where: { dedupKey: { startsWith: "escalation:" } } }),
    ).toBe(3);
  }, 90_000);

  it("ends without notifying when its policy was disabled meanwhile", async () => {
    const tenant = await notificationTenant(db);
    const policy = await policyOf(tenant);
    const alarm = await alarmOf(db, tenant, await env.currentTimeMs());
    await db.forTenant(tenant.tenantId).escalationPolicy.update({ where: { id: policy.id }, data: { enabled: false } });

    const w = await worker();
    expect(await w.runUntil(async () => (await startEscalation(tenant.tenantId, alarm.id, policy.id)).result())).toBe(
      "CANCELLED",
    );
    expect(await escalationRow(tenant.tenantId, alarm.id)).toMatchObject({ status: "CANCELLED", history: [] });
  }, 90_000);
});

describe("alarm unacknowledged for N minutes", () => {
  async function unackRule(tenant: Awaited<ReturnType<typeof notificationTenant>>) {
    return db.forTenant(tenant.tenantId).notificationRule.create({
      data: {
        tenantId: tenant.tenantId,
        name: `Unacknowledged ${Math.random()}`,
        triggerType: "ALARM_UNACKNOWLEDGED",
        triggerConfig: { afterMinutes: 15 },
        templateId: tenant.templateId,
        targetIds: [tenant.onCall],
      },
    });
  }

  it("notifies once the wait is over, unless the alarm was acknowledged meanwhile", async () => {
    const tenant = await notificationTenant(db);
    const rule = await unackRule(tenant);
    const startTs = await env.currentTimeMs();
    const forgotten = await alarmOf(db, tenant, startTs, "Overheat");
    const handled = await alarmOf(db, tenant, startTs, "Low pressure");
    const start = (alarmId: string) =>
      env.client.workflow.start("alarmUnacknowledgedWorkflow", {
        taskQueue: TASK_QUEUE,
        workflowId: alarmUnacknowledgedWorkflowId(rule.id, alarmId),
        // A busy machine may need more than the default 10 s for a task: a timed-out one would let time jump ahead.
        workflowTaskTimeout: "1 minute",
        args: [{ tenantId: tenant.tenantId, ruleId: rule.id, alarmId, dueAt: startTs + 15 * MINUTE }],
      });

    const w = await worker();
    const [notified, skipped] = await w.runUntil(async () => {
      const a = await start(forgotten.id);
      const b = await start(handled.id);
      await Promise.all([untilAsleep(a), untilAsleep(b)]);
      await db.forTenant(tenant.tenantId).alarm.update({
        where: { id: handled.id },
        data: { acknowledged: true, ackTs: new Date() },
      });
      const results = await Promise.all([a.result(), b.result()]);
      await deliveredOf(tenant.tenantId, 1);
      return results;
    });

    expect(skipped).toEqual({ skipped: "ACKNOWLEDGED" });
    expect(notified).toEqual({ requestId: expect.any(String) });
    const requestId = (notified as { requestId: string }).requestId;
    const request = await db
      .forTenant(tenant.tenantId)
      .notificationRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(request).toMatchObject({
      ruleId: rule.id,
      dedupKey: `${rule.id}:alarm:${forgotten.id}:unacknowledged`,
      targetIds: [tenant.onCall],
    });
    expect(request.info).toMatchObject({ action: "UNACKNOWLEDGED", unacknowledgedMinutes: 15, alarmType: "Overheat" });
    expect(await deliveredOf(tenant.tenantId, 1)).toEqual([requestId]);
    expect((await env.currentTimeMs()) - startTs).toBeGreaterThanOrEqual(15 * MINUTE);
  }, 90_000);
});
