import type { TestWorkflowEnvironment } from "@temporalio/testing";
import type { Worker } from "@temporalio/worker";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "@industryos/api/testing";
import type { DatabaseClients } from "@industryos/db";
import type { LazyTemporalClient } from "@industryos/temporal-client";
import { notificationRequestWorkflowId } from "@industryos/temporal-client/workflows/notifications";
import {
  WEBHOOK_DELIVERY_WORKFLOW,
  webhookDeliveryWorkflowId,
  type WebhookDeliveryInput,
} from "@industryos/temporal-client/workflows/webhooks";
import { createDeviceActivityStore } from "../src/device-activity-store.ts";
import { TASK_QUEUE } from "../src/temporal/shared.ts";
import { createWorker } from "../src/temporal/worker.ts";
import { createDeliveryStore } from "../src/webhooks/delivery-store.ts";
import { startWebhookDispatcher, type WebhookDispatcher } from "../src/webhooks/dispatcher.ts";
import { closeTestDatabase, logger, telemetry, testDatabase } from "./support/rule-engine.ts";
import { createTimeSkippingEnvironment, INSTALL_TIMEOUT_MS, quietTemporalLogs } from "./support/temporal.ts";
import { addWebhook, streamEntries, tenantWithDevice, testSecrets, until } from "./support/webhooks.ts";

const HOUR_MS = 3_600_000;
// Up to 19 attempts per workflow, each a real POST and database write: generous on a busy machine.
vi.setConfig({ testTimeout: 120_000 });
const secrets = testSecrets();

/**
 * Retries on Temporal's time-skipping server: the backoff's hours pass in moments while a
 * workflow's result is awaited. The receiver, the database and the signing are real.
 */
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let db: DatabaseClients;
let redis: Redis;
let receiver: WebhookReceiver;
let temporal: LazyTemporalClient;
let dispatcher: WebhookDispatcher;
/** Answers per path, in order; the last one repeats. */
const script = new Map<string, number[]>();

beforeAll(async () => {
  quietTemporalLogs();
  env = await createTimeSkippingEnvironment();
  db = await testDatabase();
  // Only published to (webhook changes): no database of its own needed.
  redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
  receiver = await startWebhookReceiver({
    answer: (delivery) => {
      const answers = script.get(delivery.path) ?? [200];
      return answers.length > 1 ? answers.shift()! : answers[0]!;
    },
  });
  temporal = { taskQueue: TASK_QUEUE, get: async () => env.client, close: async () => undefined };
  const webhookDeps = { db, redis, secrets, logger, temporal, allowPrivateNetworks: true };
  worker = await createWorker({
    connection: env.nativeConnection,
    deps: { devices: createDeviceActivityStore(db), webhooks: webhookDeps },
  });
  // One worker for the whole file (a worker runs once); time skips while a result is awaited.
  running = worker.run();
  dispatcher = startWebhookDispatcher({ ...webhookDeps, settings: { perWebhook: 1 } });
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  await dispatcher?.stop(1_000);
  worker?.shutdown();
  await running?.catch(() => undefined);
  await env?.teardown();
  await receiver?.close();
  redis?.disconnect();
  await closeTestDatabase();
});

/** Records one telemetry message's delivery to the webhook and waits for its first attempt (and hand-off). */
async function deliverOne(tenantId: string, deviceId: string, values: unknown) {
  for (const entry of streamEntries([telemetry(tenantId, deviceId, values)], `${Date.now()}-${Math.random()}`))
    await dispatcher.record(entry);
  await dispatcher.settled();
}

const retryResult = (deliveryId: string) =>
  env.client.workflow.getHandle(webhookDeliveryWorkflowId(deliveryId)).result();

describe("webhook retries through Temporal", () => {
  it("retries a delivery the receiver answered 500: same delivery id, same body, a valid signature each time", async () => {
    const a = await tenantWithDevice(db);
    const hook = await addWebhook(db, secrets, a.tenantId, receiver.url("/flaky"), ["telemetry"], redis);
    receiver.secrets.set("/flaky", hook.secret);
    script.set("/flaky", [500, 500, 200]);
    const before = await env.currentTimeMs();

    await deliverOne(a.tenantId, a.device.id, { temperature: 30.5 });
    const [first] = await db.forTenant(a.tenantId).webhookDelivery.findMany({ where: { webhookId: hook.id } });
    expect(first).toMatchObject({ status: "RETRYING", attempts: 1, lastStatusCode: 500 });

    const result = await retryResult(first!.id);
    expect(result).toMatchObject({ outcome: "succeeded", attempts: 3 });
    // 30 s after the first failure, then 60 s after the second.
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(90_000);

    const got = receiver.deliveries.filter((d) => d.path === "/flaky");
    expect(got).toHaveLength(3);
    expect(new Set(got.map((d) => d.deliveryId))).toEqual(new Set([first!.id]));
    expect(new Set(got.map((d) => d.body)).size).toBe(1);
    expect(got.map((d) => d.signatureValid)).toEqual([true, true, true]);
    expect(got.map((d) => d.event)).toEqual(["telemetry", "telemetry", "telemetry"]);

    const row = await db.forTenant(a.tenantId).webhookDelivery.findUniqueOrThrow({
      where: { id: first!.id },
      include: { attemptsList: { orderBy: { attempt: "asc" } } },
    });
    expect(row).toMatchObject({ status: "SUCCEEDED", attempts: 3, lastStatusCode: 200, nextAttemptAt: null });
    expect(row.deliveredAt).not.toBeNull();
    expect(row.attemptsList.map((x) => [x.attempt, x.statusCode])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    expect(
      (await db.forTenant(a.tenantId).webhook.findUniqueOrThrow({ where: { id: hook.id } })).consecutiveFailures,
    ).toBe(0);

    // A redelivery (what POST /webhooks/{id}/deliveries/{deliveryId}/redeliver starts) sends it once more, as it was.
    const input: WebhookDeliveryInput = { tenantId: a.tenantId, deliveryId: first!.id, redelivery: true };
    await env.client.workflow.start(WEBHOOK_DELIVERY_WORKFLOW, {
      workflowId: webhookDeliveryWorkflowId(first!.id),
      taskQueue: TASK_QUEUE,
      args: [input],
    });
    expect(await retryResult(first!.id)).toMatchObject({ outcome: "succeeded", attempts: 4 });
    const again = receiver.deliveries.filter((d) => d.path === "/flaky");
    expect(again).toHaveLength(4);
    expect(again[3]!.deliveryId).toBe(first!.id);
    expect(again[3]!.body).toBe(got[0]!.body);
    expect(again[3]!.signatureValid).toBe(true);
  });

  it("gives up 24 hours after the first failure, with the delivery FAILED and nothing scheduled", async () => {
    const a = await tenantWithDevice(db);
    const hook = await addWebhook(db, secrets, a.tenantId, receiver.url("/down"), ["telemetry"], redis);
    script.set("/down", [502]);
    const before = await env.currentTimeMs();
    await deliverOne(a.tenantId, a.device.id, { temperature: 1 });
    const [delivery] = await db.forTenant(a.tenantId).webhookDelivery.findMany({ where: { webhookId: hook.id } });

    const result = await retryResult(delivery!.id);
    // 30 s doubling to 2 h, then every 2 h: 19 attempts fit in the day.
    expect(result).toMatchObject({ outcome: "failed", attempts: 19 });
    expect((await env.currentTimeMs()) - before).toBeGreaterThan(22 * HOUR_MS);
    const row = await db.forTenant(a.tenantId).webhookDelivery.findUniqueOrThrow({ where: { id: delivery!.id } });
    expect(row).toMatchObject({ status: "FAILED", attempts: 19, nextAttemptAt: null, lastStatusCode: 502 });
    expect(receiver.deliveries.filter((d) => d.path === "/down")).toHaveLength(19);
    // 19 failed attempts, one failed delivery: 19 short of disabling.
    expect(await db.forTenant(a.tenantId).webhook.findUniqueOrThrow({ where: { id: hook.id } })).toMatchObject({
      enabled: true,
      consecutiveFailures: 1,
    });
  });

  it("refuses a second retry of a delivery while one runs (one workflow per delivery id)", async () => {
    const a = await tenantWithDevice(db);
    const hook = await addWebhook(db, secrets, a.tenantId, receiver.url("/later"), ["telemetry"], redis);
    script.set("/later", [500, 200]);
    await deliverOne(a.tenantId, a.device.id, { n: 1 });
    const [delivery] = await db.forTenant(a.tenantId).webhookDelivery.findMany({ where: { webhookId: hook.id } });
    // The dispatcher's hand-off started the retry; it waits for its first attempt, 30 s on.
    const handle = env.client.workflow.getHandle(webhookDeliveryWorkflowId(delivery!.id));
    await until(async () => (await handle.describe().catch(() => null))?.status.name === "RUNNING");
    const input: WebhookDeliveryInput = { tenantId: a.tenantId, deliveryId: delivery!.id, redelivery: true };
    const second = env.client.workflow.start(WEBHOOK_DELIVERY_WORKFLOW, {
      workflowId: webhookDeliveryWorkflowId(delivery!.id),
      taskQueue: TASK_QUEUE,
      args: [input],
    });
    await expect(second).rejects.toMatchObject({ name: "WorkflowExecutionAlreadyStartedError" });
    expect(await retryResult(delivery!.id)).toMatchObject({ outcome: "succeeded", attempts: 2 });
  });

  it("starts the workflow of a retry nobody scheduled once its next attempt is long overdue (the sweep)", async () => {
    const a = await tenantWithDevice(db);
    const hook = await addWebhook(db, secrets, a.tenantId, receiver.url("/orphaned-retry"), ["telemetry"], redis);
    // The first attempt failed and was recorded, but the hand-off to Temporal never happened (Temporal was away).
    const noHandoff = startWebhookDispatcher({
      db,
      redis,
      logger,
      secrets,
      temporal: null,
      allowPrivateNetworks: true,
    });
    script.set("/orphaned-retry", [500, 200]);
    for (const entry of streamEntries([telemetry(a.tenantId, a.device.id, { x: 1 })], `orphan-${Date.now()}`))
      await noHandoff.record(entry);
    await noHandoff.settled();
    await noHandoff.stop(1_000);
    const [delivery] = await db.forTenant(a.tenantId).webhookDelivery.findMany({ where: { webhookId: hook.id } });
    expect(delivery).toMatchObject({ status: "RETRYING", attempts: 1 });
    await db.system.webhookDelivery.update({
      where: { id: delivery!.id },
      data: { nextAttemptAt: new Date(Date.now() - 3_600_000) },
    });
    expect(await dispatcher.sweep()).toMatchObject({ retrying: 1 });
    await dispatcher.settled();
    expect(await retryResult(delivery!.id)).toMatchObject({ outcome: "succeeded", attempts: 2 });
    expect(receiver.deliveries.filter((d) => d.path === "/orphaned-retry").map((d) => d.deliveryId)).toEqual([
      delivery!.id,
      delivery!.id,
    ]);
  });

  it("keeps a webhook enabled through a brief outage: many deliveries fail their first attempt, their retries arrive", async () => {
    const a = await tenantWithDevice(db);
    const hook = await addWebhook(db, secrets, a.tenantId, receiver.url("/outage"), ["telemetry"], redis);
    receiver.secrets.set("/outage", hook.secret);
    // The receiver answers 503 while 25 deliveries make their first attempt, then recovers.
    script.set("/outage", [503]);
    for (let i = 0; i < 25; i++) await deliverOne(a.tenantId, a.device.id, { i });
    script.set("/outage", [200]);
    const deliveries = await db.forTenant(a.tenantId).webhookDelivery.findMany({ where: { webhookId: hook.id } });
    expect(deliveries).toHaveLength(25);
    expect(deliveries.every((d) => d.status === "RETRYING")).toBe(true);
    expect(await db.forTenant(a.tenantId).webhook.findUniqueOrThrow({ where: { id: hook.id } })).toMatchObject({
      enabled: true,
      consecutiveFailures: 0,
    });

    // One after another: time skips for all of them while each is awaited.
    for (const d of deliveries) expect(await retryResult(d.id)).toMatchObject({ outcome: "succeeded" });
    expect(receiver.deliveries.filter((d) => d.path === "/outage").every((d) => d.signatureValid)).toBe(true);
    expect(await db.forTenant(a.tenantId).webhook.findUniqueOrThrow({ where: { id: hook.id } })).toMatchObject({
      enabled: true,
      consecutiveFailures: 0,
      disabledAt: null,
    });
  }, 300_000);

  it("disables a webhook after 20 failed deliveries in a row and starts the notification for the tenant's admins", async () => {
    const a = await tenantWithDevice(db);
    const hook = await addWebhook(db, secrets, a.tenantId, receiver.url("/gone"), ["telemetry"], redis);
    script.set("/gone", [410]);
    // Nineteen deliveries that already gave up (recorded as the store records a last attempt past its window);
    // each of 19 such through Temporal is what the test above shows, a day of retries apiece.
    const store = createDeliveryStore(db);
    for (let i = 0; i < 19; i++) {
      const id = crypto.randomUUID();
      await store.insert([
        {
          id,
          tenantId: a.tenantId,
          webhookId: hook.id,
          eventId: crypto.randomUUID(),
          eventType: "telemetry",
          body: JSON.stringify({ i }),
          createdAt: new Date(),
        },
      ]);
      const at = new Date();
      const { recorded, disabled } = await store.recordAttempts([
        {
          tenantId: a.tenantId,
          deliveryId: id,
          webhookId: hook.id,
          result: { succeeded: false, statusCode: 410, durationMs: 3, error: "HTTP 410", at },
          windowEndsAt: at,
        },
      ]);
      expect(recorded[0]?.status).toBe("FAILED");
      expect(disabled).toEqual([]);
    }
    expect(await db.forTenant(a.tenantId).webhook.findUniqueOrThrow({ where: { id: hook.id } })).toMatchObject({
      enabled: true,
      consecutiveFailures: 19,
    });
    // The twentieth through the dispatcher and Temporal: its first attempt fails and counts nothing yet.
    await deliverOne(a.tenantId, a.device.id, { i: 19 });
    expect(await db.forTenant(a.tenantId).webhook.findUniqueOrThrow({ where: { id: hook.id } })).toMatchObject({
      enabled: true,
      consecutiveFailures: 19,
    });
    const [last] = await db
      .forTenant(a.tenantId)
      .webhookDelivery.findMany({ where: { webhookId: hook.id, status: "RETRYING" } });
    // It gives up 24 hours later (skipped): the twentieth failed delivery in a row.
    expect(await retryResult(last!.id)).toMatchObject({ outcome: "failed", attempts: 19 });

    const webhook = await db.forTenant(a.tenantId).webhook.findUniqueOrThrow({ where: { id: hook.id } });
    expect(webhook).toMatchObject({ enabled: false, consecutiveFailures: 20 });
    expect(webhook.disabledAt).not.toBeNull();
    expect(webhook.disabledReason).toMatch(
      /^20 deliveries failed in a row, each after its retries; the last error: HTTP 410/,
    );
    const rows = await db.forTenant(a.tenantId).webhookDelivery.findMany({ where: { webhookId: hook.id } });
    expect(rows.every((r) => r.status === "FAILED" && r.nextAttemptAt === null)).toBe(true);

    const request = await until(() =>
      db.forTenant(a.tenantId).notificationRequest.findFirst({
        where: { dedupKey: { startsWith: `webhook-disabled:${hook.id}:` }, workflowId: { not: null } },
      }),
    );
    expect(request.workflowId).toBe(notificationRequestWorkflowId(request.id));
    const described = await env.client.workflow.getHandle(request.workflowId!).describe();
    expect(described.type).toBe("notificationRequestWorkflow");
    const info = request.info as {
      webhookId: string;
      $delivery: { channels: string[]; recipients: { IN_APP: string[] }; content: { body: string } };
    };
    expect(info.webhookId).toBe(hook.id);
    expect(info.$delivery.channels).toEqual(["IN_APP"]);
    expect(info.$delivery.recipients.IN_APP).toEqual([a.adminId]);
    expect(info.$delivery.content.body).toContain(receiver.url("/gone"));
  }, 300_000);
});
