import { createUser } from "@industryos/db";
import { startApiHarness, type ApiHarness } from "@industryos/api/testing";
import { notificationsChannel } from "@industryos/realtime/notifications";
import { notificationRequestWorkflowId } from "@industryos/temporal-client/workflows/notifications";
import type { TestWorkflowEnvironment } from "@temporalio/testing";
import { bundleWorkflowCode, Worker } from "@temporalio/worker";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createActivities } from "../src/temporal/activities.ts";
import { workflowsPath } from "../src/temporal/worker.ts";
import { InMemoryDeviceStore } from "./support/in-memory-devices.ts";
import { notificationDeps, startProviders, type Providers } from "./support/notification-providers.ts";
import { createTimeSkippingEnvironment, INSTALL_TIMEOUT_MS, quietTemporalLogs } from "./support/temporal.ts";

/** A Redis database no other test file uses. */
const REDIS_DB = 44;
const TASK_QUEUE = "notification-request-test";

let env: TestWorkflowEnvironment;
let h: ApiHarness;
let providers: Providers;
let worker: Worker;
let running: Promise<void>;
let admin: { cookie: string; tenantId: string; userId: string; email: string };

interface RequestView {
  id: string;
  status: string;
  stats: { total: number; byStatus: Record<string, number>; byChannel: Record<string, Record<string, number>> };
  deliveries: {
    channel: string;
    recipient: string;
    status: string;
    attempts: number;
    error: string | null;
    providerResponse: Record<string, unknown> | null;
  }[];
}

const api = async <T = { id: string }>(method: string, path: string, body?: unknown, cookie = admin.cookie) => {
  const r = await h.call<T>(method, `/api/v1${path}`, { cookie, body });
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

/** Sends through the API (202), then waits for the request's workflow and reads the request back. */
async function sendAndWait(body: unknown, cookie = admin.cookie): Promise<RequestView> {
  const request = await api<{ id: string }>("POST", "/notification-requests", body, cookie);
  await env.client.workflow.getHandle(notificationRequestWorkflowId(request.id)).result();
  return api<RequestView>("GET", `/notification-requests/${request.id}`, undefined, cookie);
}

const byChannel = (view: RequestView, channel: string) => view.deliveries.filter((d) => d.channel === channel);

beforeAll(async () => {
  quietTemporalLogs();
  process.env.REDIS_URL = `${process.env.REDIS_URL}/${REDIS_DB}`;
  let workflowBundle: { code: string };
  [env, workflowBundle, providers] = await Promise.all([
    createTimeSkippingEnvironment(),
    bundleWorkflowCode({ workflowsPath }),
    startProviders(),
  ]);
  h = await startApiHarness({
    temporal: { taskQueue: TASK_QUEUE, get: async () => env.client, close: async () => {} },
    webhooks: { allowPrivateNetworks: true },
  });
  admin = await h.signup("notify");
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle,
    activities: createActivities({
      devices: new InMemoryDeviceStore(),
      notifications: notificationDeps(h, providers),
    }),
  });
  running = worker.run();
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await h?.close();
  await providers?.close();
  await env?.teardown();
});

describe("a notification request on Temporal", () => {
  it("renders the template on every channel, delivers through each provider's SDK and keeps each answer", async () => {
    await api("PUT", "/notification-settings", providers.settings);
    providers.receiver.secrets.clear();
    const targets = await Promise.all([
      api("POST", "/notification-targets", {
        name: "Admins",
        type: "PLATFORM_USERS",
        configuration: { users: { type: "TENANT_ADMINS" } },
      }),
      api("POST", "/notification-targets", {
        name: "On call",
        type: "EMAIL",
        configuration: { emails: ["oncall@example.test", "lead@example.test"] },
      }),
      api("POST", "/notification-targets", {
        name: "Pager",
        type: "SMS",
        configuration: { phoneNumbers: ["+14155550100"] },
      }),
      api("POST", "/notification-targets", { name: "Ops", type: "SLACK", configuration: { channels: ["#ops"] } }),
      api("POST", "/notification-targets", {
        name: "Ticketing",
        type: "WEBHOOK",
        configuration: { url: providers.receiver.url("/tickets"), headers: { Authorization: "Bearer ticket-token" } },
      }),
    ]);
    const template = await api("POST", "/notification-templates", {
      name: "Hot",
      notificationType: "ALARM",
      channels: {
        IN_APP: { subject: "${alarmType} on ${deviceName}", body: "Severity ${severity}" },
        EMAIL: { subject: "${alarmType} on ${deviceName}", body: "Temperature ${data.temperature} °C" },
        SMS: { body: "${severity}: ${alarmType} on ${deviceName}" },
        SLACK: { body: "${deviceName} is at ${data.temperature} °C" },
        WEBHOOK: { subject: "${alarmType}", body: "${deviceName}" },
      },
    });
    const subscriber = new Redis(process.env.REDIS_URL!);
    const heard: { kind: string; notification?: { subject: string } }[] = [];
    await subscriber.subscribe(notificationsChannel(admin.tenantId, admin.userId));
    subscriber.on("message", (_channel, text: string) => heard.push(JSON.parse(text)));

    const view = await sendAndWait({
      targetIds: targets.map((t) => t.id),
      templateId: template.id,
      info: { alarmType: "High temperature", severity: "MAJOR", deviceName: "pump-1", data: { temperature: 31.5 } },
    });

    expect(view.status).toBe("SENT");
    // Slack's ok and the webhook's 2xx say the message arrived; the others' answers that it was taken.
    expect(view.stats.byStatus).toEqual({ SENT: 5, DELIVERED: 2 });
    expect(view.deliveries.every((d) => d.attempts === 1)).toBe(true);
    expect(
      view.deliveries
        .filter((d) => d.status === "DELIVERED")
        .map((d) => d.channel)
        .sort(),
    ).toEqual(["SLACK", "WEBHOOK"]);
    // Email: the two addresses and the admin's own, through Resend with the rendered subject.
    expect(providers.resend.sent.map((e) => e.to).sort()).toEqual(
      [admin.email, "lead@example.test", "oncall@example.test"].sort(),
    );
    expect(providers.resend.sent[0]).toMatchObject({
      from: "Alerts <alerts@example.test>",
      subject: "High temperature on pump-1",
      text: "Temperature 31.5 °C",
    });
    expect(byChannel(view, "EMAIL")[0]?.providerResponse).toMatchObject({ provider: "resend", id: expect.any(String) });
    // SMS through Twilio, from the tenant's number.
    expect(providers.twilio.sent).toMatchObject([
      { to: "+14155550100", from: "+15005550006", body: "MAJOR: High temperature on pump-1" },
    ]);
    expect(byChannel(view, "SMS")[0]?.providerResponse).toMatchObject({ sid: providers.twilio.sent[0]!.sid });
    // Slack through chat.postMessage, carrying the delivery id in its metadata.
    expect(providers.slack.posts).toMatchObject([{ requested: "#ops", text: "pump-1 is at 31.5 °C" }]);
    expect(byChannel(view, "SLACK")[0]?.providerResponse).toMatchObject({ ts: providers.slack.posts[0]!.ts });
    // The webhook target: JSON with the target's (sealed, now opened) header and a stable delivery id.
    const hook = providers.receiver.deliveries[0]!;
    expect(hook.path).toBe("/tickets");
    expect(hook.headers.authorization).toBe("Bearer ticket-token");
    expect(JSON.parse(hook.body)).toMatchObject({ type: "notification", subject: "High temperature", text: "pump-1" });
    expect(hook.deliveryId).toBe(JSON.parse(hook.body).deliveryId);
    expect(byChannel(view, "WEBHOOK")[0]?.providerResponse).toMatchObject({ status: 200 });
    // In-app: a row in the admin's inbox, announced on the admin's notifications channel.
    const inbox = await api<{ data: { subject: string; text: string }[]; unreadCount: number }>(
      "GET",
      "/notifications",
    );
    expect(inbox.data).toMatchObject([{ subject: "High temperature on pump-1", text: "Severity MAJOR" }]);
    expect(inbox.unreadCount).toBe(1);
    await expect.poll(() => heard.map((e) => e.kind)).toEqual(["created"]);
    expect(heard[0]?.notification?.subject).toBe("High temperature on pump-1");
    await subscriber.quit();
  }, 60_000);

  it("retries a provider's 5xx, fails what it refuses for good with its reason, and gives up after the retries", async () => {
    const other = await h.signup("failures");
    const number = (n: string) =>
      api(
        "POST",
        "/notification-targets",
        { name: `Number ${n}`, type: "SMS", configuration: { phoneNumbers: [`+1415555010${n}`] } },
        other.cookie,
      );
    const [first, second] = await Promise.all([number("1"), number("2")]);
    await api("PUT", "/notification-settings", { providers: { SMS: providers.settings.providers.SMS } }, other.cookie);
    const emailTarget = await api(
      "POST",
      "/notification-targets",
      { name: "Mail", type: "EMAIL", configuration: { emails: ["nobody@example.test"] } },
      other.cookie,
    );
    // A 503 first: retried, then sent.
    providers.twilio.failNext(503, 20500, "Service unavailable");
    const retried = await sendAndWait(
      { targetIds: [first.id, emailTarget.id], text: "Valve ${valve} is stuck", info: { valve: "V-7" } },
      other.cookie,
    );
    expect(byChannel(retried, "SMS")).toMatchObject([{ status: "SENT", attempts: 2, error: null }]);
    expect(providers.twilio.sent.at(-1)).toMatchObject({ to: "+14155550101", body: "Valve V-7 is stuck" });
    // No email provider for this tenant and none for the platform: FAILED, in words; the request still SENT.
    expect(byChannel(retried, "EMAIL")[0]).toMatchObject({
      status: "FAILED",
      error: expect.stringMatching(/No email provider/),
    });
    expect(retried.status).toBe("SENT");
    // Refused for good (21610, unsubscribed): no retry helps, FAILED with Twilio's reason at once.
    providers.twilio.failNext(400, 21610, "Attempt to send to unsubscribed recipient");
    const refused = await sendAndWait({ targetIds: [second.id], text: "Hello" }, other.cookie);
    expect(refused.deliveries).toMatchObject([
      { status: "FAILED", attempts: 1, error: expect.stringMatching(/21610/) },
    ]);
    expect(refused.status).toBe("FAILED");

    // Twilio down for longer than the retry policy lasts: FAILED after the last of its 8 attempts.
    const lonely = await api(
      "POST",
      "/notification-targets",
      { name: "Lonely", type: "SMS", configuration: { phoneNumbers: ["+14155550103"] } },
      other.cookie,
    );
    for (let i = 0; i < 8; i++) providers.twilio.failNext(503, 20500, "Service unavailable");
    const down = await sendAndWait({ targetIds: [lonely.id], text: "Still stuck" }, other.cookie);
    expect(down.deliveries).toMatchObject([
      { status: "FAILED", attempts: 8, error: expect.stringMatching(/Gave up after repeated failures.*503/) },
    ]);
    expect(down.status).toBe("FAILED");
    expect(providers.twilio.sent.filter((m) => m.to === "+14155550103")).toEqual([]);
  }, 120_000);

  it("holds deliveries over the tenant's rate limit until the next minute, then sends them", async () => {
    const other = await h.signup("limited");
    await api("PUT", "/notification-settings", { ...providers.settings, rateLimits: { EMAIL: 2 } }, other.cookie);
    const emails = Array.from({ length: 5 }, (_, i) => `limited-${i}@example.test`);
    const target = await api(
      "POST",
      "/notification-targets",
      { name: "Five", type: "EMAIL", configuration: { emails } },
      other.cookie,
    );
    const startedAt = await env.currentTimeMs();
    const view = await sendAndWait({ targetIds: [target.id], subject: "Limited", text: "One of five" }, other.cookie);
    expect(view.deliveries.map((d) => d.status)).toEqual(Array(5).fill("SENT"));
    expect(providers.resend.sent.filter((e) => emails.includes(e.to as string))).toHaveLength(5);
    // 2 a minute: the fifth waits for the third minute (skipped time on the test server).
    expect((await env.currentTimeMs()) - startedAt).toBeGreaterThanOrEqual(60_000);
    const request = await env.client.workflow.getHandle(notificationRequestWorkflowId(view.id)).fetchHistory();
    expect(request.events?.filter((e) => e.timerStartedEventAttributes).length).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it("makes one request of an event asked twice (dedupKey), and its recipients get one message", async () => {
    const { requestNotification } = await import("@industryos/api/notifications");
    const target = await api("POST", "/notification-targets", {
      name: "Dedup",
      type: "SLACK",
      configuration: { channels: ["#dedup"] },
    });
    const requester = { db: h.deps.db.forTenant(admin.tenantId), tenantId: admin.tenantId, temporal: h.deps.temporal };
    const spec = {
      targetIds: [target.id],
      delivery: { content: { body: "Once" } },
      dedupKey: "alarm-1:created",
    };
    const [first, second] = await Promise.all([
      requestNotification(requester, spec),
      requestNotification(requester, spec),
    ]);
    expect(second.request.id).toBe(first.request.id);
    expect([first.created, second.created].filter(Boolean)).toHaveLength(1);
    await env.client.workflow.getHandle(notificationRequestWorkflowId(first.request.id)).result();
    const third = await requestNotification(requester, spec);
    expect(third).toMatchObject({ created: false, request: { id: first.request.id, status: "SENT" } });
    expect(providers.slack.posts.filter((p) => p.requested === "#dedup")).toHaveLength(1);
  }, 60_000);

  it("delivers to a customer user's inbox through a CUSTOMER_USERS target and skips disabled users", async () => {
    const customer = await api("POST", "/customers", { title: "Acme" });
    const viewer = await createUser(h.deps.db.system, {
      tenantId: admin.tenantId,
      customerId: customer.id,
      role: "CUSTOMER_USER",
    });
    await createUser(h.deps.db.system, {
      tenantId: admin.tenantId,
      customerId: customer.id,
      role: "CUSTOMER_USER",
      disabledAt: new Date(),
    });
    const target = await api("POST", "/notification-targets", {
      name: "Acme users",
      type: "PLATFORM_USERS",
      configuration: { users: { type: "CUSTOMER_USERS", customerId: customer.id } },
    });
    const view = await sendAndWait({ targetIds: [target.id], subject: "Maintenance", text: "Tonight at 22:00" });
    expect(view.deliveries).toMatchObject([
      { channel: "IN_APP", recipient: viewer.id, recipientName: viewer.email, status: "SENT" },
    ]);
    const rows = await h.deps.db.system.notification.findMany({ where: { userId: viewer.id } });
    expect(rows).toMatchObject([{ subject: "Maintenance", text: "Tonight at 22:00" }]);
  }, 60_000);
});
