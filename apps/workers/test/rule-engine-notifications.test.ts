import type { DatabaseClients } from "@industryos/db";
import { RULE_CHAINS_CHANGED_CHANNEL } from "@industryos/device-protocol";
import { createUser } from "@industryos/db/testing";
import { createSecretBox, generateSecretKey } from "@industryos/runtime";
import type { RuleChainDefinition } from "@industryos/rules";
import type { LazyTemporalClient } from "@industryos/temporal-client";
import { notificationRequestWorkflowId } from "@industryos/temporal-client/workflows/notifications";
import type { TestWorkflowEnvironment } from "@temporalio/testing";
import type { Worker } from "@temporalio/worker";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRuleEngine, type RunningRuleEngine } from "../src/rules/rule-engine.ts";
import { TASK_QUEUE } from "../src/temporal/shared.ts";
import { createWorker } from "../src/temporal/worker.ts";
import { InMemoryDeviceStore } from "./support/in-memory-devices.ts";
import { sealedProviders, startProviders, type Providers } from "./support/notification-providers.ts";
import {
  append,
  closeTestDatabase,
  FAST_SETTINGS,
  logger,
  pendingEntries,
  telemetry,
  tenantWithChain,
  testDatabase,
  testRedis,
  waitFor,
  webhookServer,
} from "./support/rule-engine.ts";
import { createTimeSkippingEnvironment, INSTALL_TIMEOUT_MS, quietTemporalLogs } from "./support/temporal.ts";

/** Redis database 46 is this file's. */
const REDIS_DB = 46;
let env: TestWorkflowEnvironment;
let db: DatabaseClients;
let redis: Redis;
let temporal: LazyTemporalClient;
let worker: { worker: Worker; running: Promise<void> };
let ruleEngine: RunningRuleEngine;
let providers: Providers;
const secrets = createSecretBox(generateSecretKey());

beforeAll(async () => {
  quietTemporalLogs();
  [env, db, redis, providers] = await Promise.all([
    createTimeSkippingEnvironment(),
    testDatabase(),
    testRedis(REDIS_DB),
    startProviders(),
  ]);
  temporal = { taskQueue: TASK_QUEUE, get: async () => env.client, close: async () => undefined };
  const created = await createWorker({
    connection: env.nativeConnection,
    deps: {
      devices: new InMemoryDeviceStore(),
      notifications: {
        db,
        redis,
        secrets,
        logger,
        endpoints: providers.endpoints,
        allowPrivateNetworks: true,
      },
    },
  });
  worker = { worker: created, running: created.run() };
  // A third delivery of an entry, so a chain failing twice is redelivered once more (the SMS and Slack test).
  const settings = { ...FAST_SETTINGS, maxDeliveries: 3 };
  ruleEngine = startRuleEngine({ db, redis, logger, allowPrivateNetworks: true, settings, temporal });
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  await ruleEngine?.stop();
  worker?.worker.shutdown();
  await worker?.running;
  await env?.teardown();
  await providers?.close();
  redis?.disconnect();
  await closeTestDatabase();
});

describe("notification nodes in a running rule chain", () => {
  it("emails the addresses of external.email and notifies the targets of action.notify, through the notification center", async () => {
    // input → too hot? → email the on-call address → notify the tenant's administrators with a template.
    const placeholder: RuleChainDefinition = { nodes: [], connections: [] };
    const { tenantId, devices, chainId } = await tenantWithChain(db, placeholder);
    const tenantDb = db.forTenant(tenantId);
    const admin = await createUser(db.system, { tenantId });
    await tenantDb.notificationSettings.create({
      data: {
        tenantId,
        providers: { EMAIL: { from: "Plant <plant@example.test>", apiKey: secrets.seal(providers.resend.apiKey) } },
      },
    });
    const target = await tenantDb.notificationTarget.create({
      data: { tenantId, name: "Admins", type: "PLATFORM_USERS", configuration: { users: { type: "TENANT_ADMINS" } } },
    });
    const template = await tenantDb.notificationTemplate.create({
      data: {
        tenantId,
        name: "Hot device",
        notificationType: "RULE_NODE",
        channels: { IN_APP: { subject: "${deviceName} is hot", body: "${data.temperature} °C" } },
      },
    });
    const chain: RuleChainDefinition = {
      nodes: [
        { id: "hot", type: "filter.threshold", config: { key: "temperature", op: ">", value: 30 } },
        {
          id: "mail",
          type: "external.email",
          config: {
            to: "oncall@example.test",
            subject: "${deviceName}: ${data.temperature} °C",
            body: "Check ${deviceName}",
          },
        },
        { id: "notify", type: "action.notify", config: { targetIds: [target.id], templateId: template.id } },
      ],
      connections: [
        { from: "input", to: "hot", relation: "Success" },
        { from: "hot", to: "mail", relation: "True" },
        { from: "mail", to: "notify", relation: "Success" },
      ],
    };
    await db.system.ruleChain.update({ where: { id: chainId }, data: { configuration: chain as never } });
    await redis.publish(RULE_CHAINS_CHANGED_CHANNEL, JSON.stringify({ tenantId, ruleChainId: chainId }));
    const device = devices[0]!;

    await append(redis, [
      telemetry(tenantId, device.id, { temperature: 20 }),
      telemetry(tenantId, device.id, { temperature: 31.5 }),
    ]);

    const requests = await waitFor(async () => {
      const rows = await tenantDb.notificationRequest.findMany({ orderBy: { createdAt: "asc" } });
      return rows.length === 2 && rows;
    });
    for (const request of requests)
      await env.client.workflow.getHandle(notificationRequestWorkflowId(request.id)).result();

    expect(providers.resend.sent).toMatchObject([
      {
        to: "oncall@example.test",
        from: "Plant <plant@example.test>",
        subject: `${device.name}: 31.5 °C`,
        text: `Check ${device.name}`,
      },
    ]);
    expect(await tenantDb.notification.findMany({ where: { userId: admin.id } })).toMatchObject([
      { type: "RULE_NODE", subject: `${device.name} is hot`, text: "31.5 °C" },
    ]);
    // Each request keyed by chain, node and message; the originator is the device.
    expect(requests.map((r) => r.dedupKey)).toEqual([
      expect.stringMatching(new RegExp(`^rule-node:${chainId}:mail:`)),
      expect.stringMatching(new RegExp(`^rule-node:${chainId}:notify:`)),
    ]);
    expect(requests.every((r) => r.originatorId === device.id)).toBe(true);
    const finished = await tenantDb.notificationRequest.findMany();
    expect(finished.map((r) => r.status)).toEqual(["SENT", "SENT"]);
  }, 60_000);
});

describe("external.sms and external.slack in a running rule chain", () => {
  /** The device's number as its server attribute `phone`: enrich.originatorAttributes puts it in the metadata as `ss_phone`. */
  const withPhone = (tenantId: string, deviceId: string, phone: string) =>
    db.system.attribute.create({
      data: { tenantId, entityType: "DEVICE", entityId: deviceId, scope: "SERVER", key: "phone", stringValue: phone },
    });
  const phoneNode = { id: "phone", type: "enrich.originatorAttributes", config: { serverKeys: ["phone"] } };
  const smsNode = {
    id: "sms",
    type: "external.sms",
    config: { to: "${ss_phone}", body: "${deviceName}: ${data.temperature} °C" },
  };

  /** input → phone → sms, then `nodes` and `connections`. */
  const textingChain = (
    nodes: RuleChainDefinition["nodes"],
    connections: RuleChainDefinition["connections"],
  ): RuleChainDefinition => ({
    nodes: [phoneNode, smsNode, ...nodes],
    connections: [
      { from: "input", to: "phone", relation: "Success" },
      { from: "phone", to: "sms", relation: "Success" },
      ...connections,
    ],
  });

  /** A tenant with `chain`, its providers set to the local Twilio, Slack and Resend, and its device's phone number. */
  async function tenantTexting(chain: RuleChainDefinition, phone: string) {
    const { tenantId, devices, chainId } = await tenantWithChain(db, chain);
    const device = devices[0]!;
    await db.forTenant(tenantId).notificationSettings.create({
      data: { tenantId, providers: sealedProviders(providers, secrets) },
    });
    await withPhone(tenantId, device.id, phone);
    return { tenantId, device, chainId, tenantDb: db.forTenant(tenantId) };
  }

  it("texts the number in the message's metadata through Twilio and posts to a Slack channel, once however often the message is redelivered", async () => {
    // Last in the chain, a webhook failing twice: the entry's chain runs three times (a retry, then a redelivery).
    const flaky = await webhookServer((n) => (n <= 2 ? 500 : 200));
    try {
      const chain = textingChain(
        [
          {
            id: "slack",
            type: "external.slack",
            config: { channel: "#plant-alerts", text: "*${deviceName}* is at ${data.temperature} °C" },
          },
          { id: "hook", type: "external.webhook", config: { url: flaky.url } },
        ],
        [
          { from: "sms", to: "slack", relation: "Success" },
          { from: "slack", to: "hook", relation: "Success" },
        ],
      );
      const { tenantId, device, chainId, tenantDb } = await tenantTexting(chain, "+15005550107");

      await append(redis, [telemetry(tenantId, device.id, { temperature: 31.5 })]);

      await waitFor(async () => flaky.bodies.length === 3 && (await pendingEntries(redis)) === 0);
      const requests = await tenantDb.notificationRequest.findMany({ orderBy: { createdAt: "asc" } });
      expect(requests.map((r) => r.dedupKey)).toEqual([
        expect.stringMatching(new RegExp(`^rule-node:${chainId}:sms:`)),
        expect.stringMatching(new RegExp(`^rule-node:${chainId}:slack:`)),
      ]);
      for (const request of requests)
        await env.client.workflow.getHandle(notificationRequestWorkflowId(request.id)).result();

      // One SMS and one post for the three runs.
      expect(providers.twilio.sent).toMatchObject([
        { to: "+15005550107", from: "+15005550006", body: `${device.name}: 31.5 °C` },
      ]);
      expect(providers.slack.posts).toMatchObject([
        {
          requested: "#plant-alerts",
          channel: providers.slack.channelId("#plant-alerts"),
          text: `*${device.name}* is at 31.5 °C`,
        },
      ]);
      const deliveries = await tenantDb.notificationDelivery.findMany({ orderBy: { channel: "asc" } });
      expect(deliveries).toMatchObject([
        // Twilio has not reported delivery (no public URL for a status callback): sent, not delivered.
        {
          channel: "SMS",
          recipient: "+15005550107",
          status: "SENT",
          providerResponse: { provider: "twilio", sid: providers.twilio.sent[0]!.sid },
        },
        // Slack's ok is delivery.
        {
          channel: "SLACK",
          recipient: "#plant-alerts",
          status: "DELIVERED",
          providerResponse: { provider: "slack", ts: providers.slack.posts[0]!.ts },
        },
      ]);
      expect(deliveries).toHaveLength(2);
    } finally {
      await flaky.close();
    }
  }, 60_000);

  it("sends a message whose number is not E.164 to Failure with the reason, and texts nobody", async () => {
    const failures = await webhookServer(() => 200);
    try {
      // The Failure connection takes the message with the reason in metadata `error`; the webhook reports it.
      const chain = textingChain(
        [
          { id: "reason", type: "transform.copyKeys", config: { keys: ["error"], from: "metadata", to: "data" } },
          { id: "report", type: "external.webhook", config: { url: failures.url } },
        ],
        [
          { from: "sms", to: "reason", relation: "Failure" },
          { from: "reason", to: "report", relation: "Success" },
        ],
      );
      const { tenantId, device, tenantDb } = await tenantTexting(chain, "0415 555 0100");
      const sentBefore = providers.twilio.sent.length;

      await append(redis, [telemetry(tenantId, device.id, { temperature: 33 })]);

      await waitFor(async () => failures.bodies.length === 1 && (await pendingEntries(redis)) === 0);
      expect(JSON.parse(failures.bodies[0]!)).toEqual({
        temperature: 33,
        error: '"0415 555 0100" is not a phone number in E.164 form (+14155550100)',
      });
      expect(await tenantDb.notificationRequest.count()).toBe(0);
      expect(providers.twilio.sent).toHaveLength(sentBefore);
    } finally {
      await failures.close();
    }
  }, 60_000);
});
