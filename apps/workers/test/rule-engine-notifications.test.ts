import { startResendServer } from "@industryos/api/testing";
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
import {
  append,
  closeTestDatabase,
  FAST_SETTINGS,
  logger,
  telemetry,
  tenantWithChain,
  testDatabase,
  testRedis,
  waitFor,
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
let resend: Awaited<ReturnType<typeof startResendServer>>;
const secrets = createSecretBox(generateSecretKey());

beforeAll(async () => {
  quietTemporalLogs();
  [env, db, redis, resend] = await Promise.all([
    createTimeSkippingEnvironment(),
    testDatabase(),
    testRedis(REDIS_DB),
    startResendServer("re_rule_chain_key"),
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
        endpoints: { resendBaseUrl: resend.baseUrl },
        allowPrivateNetworks: true,
      },
    },
  });
  worker = { worker: created, running: created.run() };
  ruleEngine = startRuleEngine({ db, redis, logger, allowPrivateNetworks: true, settings: FAST_SETTINGS, temporal });
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  await ruleEngine?.stop();
  worker?.worker.shutdown();
  await worker?.running;
  await env?.teardown();
  await resend?.close();
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
        providers: { EMAIL: { from: "Plant <plant@example.test>", apiKey: secrets.seal("re_rule_chain_key") } },
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

    expect(resend.sent).toMatchObject([
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
