import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createUser } from "@industryos/db";
import { startApiHarness, type ApiHarness } from "@industryos/api/testing";
import { freePort, startTemporalDevServer, type TemporalDevServer } from "@industryos/devstack";
import { createSecretBox, generateSecretKey } from "@industryos/runtime";
import { notificationRequestWorkflowId } from "@industryos/temporal-client/workflows/notifications";
import { TestWorkflowEnvironment } from "@temporalio/testing";
import { bundleWorkflowCode } from "@temporalio/worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workflowsPath } from "../src/temporal/worker.ts";
import { startProviders, type Providers } from "./support/notification-providers.ts";
import type { WorkerProcessConfig } from "./support/notification-worker-process.ts";
import { INSTALL_TIMEOUT_MS, quietTemporalLogs } from "./support/temporal.ts";

/** A Redis database no other test file uses. */
const REDIS_DB = 45;
const TASK_QUEUE = "notification-restart-test";
/** Recipients per channel (the users get in-app and email, one more: the admin who signed up). */
const PER_CHANNEL = 30;

const scratch = mkdtempSync(join(tmpdir(), "notification-restart-"));
let server: TemporalDevServer;
let env: TestWorkflowEnvironment;
let h: ApiHarness;
let providers: Providers;
let admin: { cookie: string; tenantId: string; email: string };
const secretsKey = generateSecretKey();
const workers: ChildProcess[] = [];
let workerConfig: WorkerProcessConfig;

/** A worker in a process of its own; resolves once it polls. */
function startWorkerProcess(): Promise<ChildProcess> {
  // Node itself with tsx's loader (not the tsx CLI, which runs the script in a child process a kill would miss).
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "support", "notification-worker-process.ts")],
    {
      env: { ...process.env, NOTIFICATION_WORKER: JSON.stringify(workerConfig) },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  workers.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`worker process exited with ${code} before it was ready`)));
  });
}

const api = async <T = { id: string }>(method: string, path: string, body?: unknown) => {
  const r = await h.call<T>(method, `/api/v1${path}`, { cookie: admin.cookie, body });
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

const received = () => providers.resend.sent.length + providers.twilio.sent.length + providers.slack.posts.length;

beforeAll(async () => {
  quietTemporalLogs();
  process.env.REDIS_URL = `${process.env.REDIS_URL}/${REDIS_DB}`;
  server = await startTemporalDevServer({ port: await freePort(), log: () => {} });
  const [environment, bundle, started] = await Promise.all([
    TestWorkflowEnvironment.createFromExistingServer({ address: server.address }),
    bundleWorkflowCode({ workflowsPath }),
    // Slow enough that many messages are in flight when the worker is killed.
    startProviders(),
  ]);
  env = environment;
  providers = started;
  providers.twilio.setDelay(150);
  providers.slack.setDelay(150);
  const workflowBundlePath = join(scratch, "workflows.js");
  writeFileSync(workflowBundlePath, bundle.code);
  h = await startApiHarness({
    temporal: { taskQueue: TASK_QUEUE, get: async () => env.client, close: async () => {} },
    secrets: createSecretBox(secretsKey),
  });
  admin = await h.signup("restart");
  workerConfig = {
    temporalAddress: server.address,
    taskQueue: TASK_QUEUE,
    appUrl: h.database.appUrl,
    systemUrl: h.database.systemUrl,
    redisUrl: process.env.REDIS_URL,
    secretsKey,
    endpoints: providers.endpoints,
    workflowBundlePath,
  };
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  for (const child of workers) if (child.exitCode === null) child.kill("SIGKILL");
  await h?.close();
  await providers?.close();
  await env?.teardown();
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("a worker killed during a notification's fan-out", () => {
  it("loses no recipient and sends none twice", async () => {
    await api("PUT", "/notification-settings", providers.settings);
    for (let i = 0; i < PER_CHANNEL; i++)
      await createUser(h.deps.db.system, { tenantId: admin.tenantId, email: `user-${i}-${Date.now()}@example.test` });
    const numbers = Array.from({ length: PER_CHANNEL }, (_, i) => `+1415555${String(1000 + i)}`);
    const channels = Array.from({ length: PER_CHANNEL }, (_, i) => `C${String(1_000_000 + i)}`);
    const targets = await Promise.all([
      api("POST", "/notification-targets", {
        name: "Everyone",
        type: "PLATFORM_USERS",
        configuration: { users: { type: "TENANT_ADMINS" } },
      }),
      api("POST", "/notification-targets", { name: "Phones", type: "SMS", configuration: { phoneNumbers: numbers } }),
      api("POST", "/notification-targets", { name: "Channels", type: "SLACK", configuration: { channels } }),
    ]);
    const template = await api("POST", "/notification-templates", {
      name: "Plant alert",
      notificationType: "RULE_NODE",
      channels: {
        IN_APP: { subject: "Plant alert", body: "${what}" },
        EMAIL: { subject: "Plant alert", body: "${what}" },
        SMS: { body: "Plant alert: ${what}" },
        SLACK: { body: "Plant alert: ${what}" },
      },
    });
    const users = PER_CHANNEL + 1;
    const total = users * 2 + PER_CHANNEL * 2;

    const first = await startWorkerProcess();
    const request = await api("POST", "/notification-requests", {
      targetIds: targets.map((t) => t.id),
      templateId: template.id,
      info: { what: "boiler pressure high" },
    });
    await expect.poll(received, { timeout: 30_000, interval: 10 }).toBeGreaterThanOrEqual(30);
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    const atKill = received();
    expect(atKill).toBeLessThan(total - users);

    await startWorkerProcess();
    await env.client.workflow.getHandle(notificationRequestWorkflowId(request.id)).result();

    // Every recipient once: no SMS, Slack post or email twice (Resend's idempotency key), one inbox row each.
    const count = (values: string[]) => new Map(values.map((v) => [v, values.filter((x) => x === v).length]));
    expect([...count(providers.twilio.sent.map((m) => m.to)).values()]).toEqual(Array(PER_CHANNEL).fill(1));
    expect([...count(providers.twilio.sent.map((m) => m.to)).keys()].sort()).toEqual([...numbers].sort());
    expect([...count(providers.slack.posts.map((p) => p.channel)).values()]).toEqual(Array(PER_CHANNEL).fill(1));
    expect(providers.resend.sent).toHaveLength(users);
    expect(new Set(providers.resend.sent.map((e) => e.to)).size).toBe(users);
    const inbox = await h.deps.db.system.notification.count({ where: { requestId: request.id } });
    expect(inbox).toBe(users);
    const view = await api<{ status: string; stats: { total: number; byStatus: Record<string, number> } }>(
      "GET",
      `/notification-requests/${request.id}`,
    );
    // Slack's deliveries are DELIVERED (its ok says the message is in the channel), the others SENT.
    expect(view.stats).toMatchObject({ total, byStatus: { SENT: total - PER_CHANNEL, DELIVERED: PER_CHANNEL } });
    expect(view.status).toBe("SENT");
    // The kill caught sends in flight: their deliveries were tried again (or found at the provider) after it.
    const deliveries = await h.deps.db.system.notificationDelivery.findMany({ where: { requestId: request.id } });
    const resumed = deliveries.filter(
      (d) => d.attempts > 1 || (d.providerResponse as { foundAfterRestart?: boolean } | null)?.foundAfterRestart,
    );
    expect(resumed.length).toBeGreaterThan(0);
  }, 180_000);
});
