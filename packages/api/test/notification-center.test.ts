import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createUser } from "@industryos/db";
import { createSecretBox, generateSecretKey } from "@industryos/runtime";
import { lazyTemporalClient } from "@industryos/temporal-client";
import {
  openProviders,
  rotateProviders,
  sealProviders,
} from "../src/services/notification-settings/provider-settings.ts";
import { notificationsChannel } from "@industryos/realtime/notifications";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, TEST_ORIGIN, type ApiHarness, type CallOptions } from "../src/testing/api-harness.ts";

interface ErrorBody {
  error: { code: string; message: string; details?: { path: string[]; message: string }[] };
}
interface Page<T> {
  data: T[];
  total: number;
}
interface TargetView {
  id: string;
  name: string;
  type: string;
  configuration: Record<string, unknown>;
}

let h: ApiHarness;
let admin: { cookie: string; tenantId: string; userId: string; email: string };
let other: { cookie: string; tenantId: string };
let apiKey: string;

const call = <T = unknown>(method: string, path: string, options: CallOptions = {}) =>
  h.call<T>(method, `/api/v1${path}`, { cookie: admin.cookie, ...options });

beforeAll(async () => {
  h = await startApiHarness();
  admin = await h.signup("center");
  other = await h.signup("other");
  apiKey = (await call<{ key: string }>("POST", "/api-keys", { body: { name: "ci" } })).body.key;
});
afterAll(async () => h?.close());

describe("notification targets", () => {
  it("creates each kind of target and lists them by name", async () => {
    const bodies = [
      { name: "Admins", type: "PLATFORM_USERS", configuration: { users: { type: "TENANT_ADMINS" } } },
      { name: "On call", type: "EMAIL", configuration: { emails: ["oncall@example.com"] } },
      { name: "Pager", type: "SMS", configuration: { phoneNumbers: ["+14155550100"] } },
      { name: "Ops channel", type: "SLACK", configuration: { channels: ["alerts", "C0123ABCD"] } },
    ];
    for (const body of bodies) expect((await call("POST", "/notification-targets", { body })).status).toBe(201);
    const list = await call<Page<TargetView>>("GET", "/notification-targets?pageSize=100");
    expect(list.body.data.map((t) => t.name)).toEqual(["Admins", "On call", "Ops channel", "Pager"]);
    // A bare Slack channel name gets its `#`; ids stay as they are.
    expect(list.body.data.find((t) => t.type === "SLACK")?.configuration).toEqual({
      channels: ["#alerts", "C0123ABCD"],
    });
    const sms = await call<Page<TargetView>>("GET", "/notification-targets?type=SMS");
    expect(sms.body.data.map((t) => t.name)).toEqual(["Pager"]);
  });

  it("answers 422 in words beside the field for a bad address of each kind", async () => {
    const cases = [
      { type: "SMS", configuration: { phoneNumbers: ["0415 555 0100"] }, path: "phoneNumbers", words: "E.164" },
      { type: "EMAIL", configuration: { emails: ["not-an-address"] }, path: "emails", words: "email" },
      { type: "SLACK", configuration: { channels: ["Bad Channel!"] }, path: "channels", words: "channel" },
      { type: "WEBHOOK", configuration: { url: "ftp://example.com" }, path: "url", words: "http" },
    ];
    for (const c of cases) {
      const r = await call<ErrorBody>("POST", "/notification-targets", { body: { name: `Bad ${c.type}`, ...c } });
      expect(r.status, JSON.stringify(r.body)).toBe(422);
      const detail = r.body.error.details?.find((d) => d.path.includes(c.path));
      expect(detail?.message, JSON.stringify(r.body)).toMatch(new RegExp(c.words, "i"));
    }
  });

  it("refuses a webhook target on a private address, as the outbound guard does", async () => {
    const r = await call<ErrorBody>("POST", "/notification-targets", {
      body: { name: "Local hook", type: "WEBHOOK", configuration: { url: "http://127.0.0.1:9000/hook" } },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.details?.[0]?.path).toEqual(["configuration", "url"]);
  });

  it("keeps a webhook target's header values sealed and never returns them", async () => {
    h.deps.webhooks = { allowPrivateNetworks: true };
    try {
      const created = await call<TargetView>("POST", "/notification-targets", {
        body: {
          name: "Receiver",
          type: "WEBHOOK",
          configuration: { url: "http://127.0.0.1:9000/hook", headers: { Authorization: "Bearer s3cret" } },
        },
      });
      expect(created.status).toBe(201);
      expect(created.body.configuration).toEqual({ url: "http://127.0.0.1:9000/hook", headerNames: ["Authorization"] });
      expect(JSON.stringify(created.body)).not.toContain("s3cret");
      const row = await h.deps.db.system.notificationTarget.findUniqueOrThrow({ where: { id: created.body.id } });
      const stored = (row.configuration as { headers: Record<string, string> }).headers.Authorization!;
      expect(stored).not.toContain("s3cret");
      expect(h.deps.secrets.open(stored)).toBe("Bearer s3cret");
      // A new URL without headers keeps the stored ones.
      const moved = await call<TargetView>("PATCH", `/notification-targets/${created.body.id}`, {
        body: { configuration: { url: "http://127.0.0.1:9001/hook" } },
      });
      expect(moved.body.configuration.headerNames).toEqual(["Authorization"]);
    } finally {
      h.deps.webhooks = undefined;
    }
  });

  it("checks a PLATFORM_USERS target's customer and users are the tenant's own", async () => {
    const foreignCustomer = await h.call<{ id: string }>("POST", "/api/v1/customers", {
      cookie: other.cookie,
      body: { title: "Not A's" },
    });
    const r = await call<ErrorBody>("POST", "/notification-targets", {
      body: {
        name: "Their users",
        type: "PLATFORM_USERS",
        configuration: { users: { type: "CUSTOMER_USERS", customerId: foreignCustomer.body.id } },
      },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.details?.[0]?.path).toEqual(["configuration", "users", "customerId"]);
    const list = await call<ErrorBody>("POST", "/notification-targets", {
      body: {
        name: "Me and a stranger",
        type: "PLATFORM_USERS",
        configuration: {
          users: { type: "USER_LIST", userIds: [admin.userId, "00000000-0000-4000-8000-000000000000"] },
        },
      },
    });
    expect(list.status).toBe(422);
    expect(list.body.error.details?.[0]?.path).toEqual(["configuration", "users", "userIds", "1"]);
  });

  it("changes a target's type only with a configuration of the new type", async () => {
    const t = await call<TargetView>("POST", "/notification-targets", {
      body: { name: "Switching", type: "EMAIL", configuration: { emails: ["a@example.com"] } },
    });
    const bare = await call<ErrorBody>("PATCH", `/notification-targets/${t.body.id}`, { body: { type: "SMS" } });
    expect(bare.status).toBe(422);
    const wrong = await call<ErrorBody>("PATCH", `/notification-targets/${t.body.id}`, {
      body: { type: "SMS", configuration: { emails: ["a@example.com"] } },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.details?.[0]?.path[0]).toBe("configuration");
    const ok = await call<TargetView>("PATCH", `/notification-targets/${t.body.id}`, {
      body: { type: "SMS", configuration: { phoneNumbers: ["+442071838750"] } },
    });
    expect(ok.body).toMatchObject({ type: "SMS", configuration: { phoneNumbers: ["+442071838750"] } });
  });

  it("answers 409 for a second target of the same name", async () => {
    const body = { name: "Twice", type: "EMAIL", configuration: { emails: ["a@example.com"] } };
    expect((await call("POST", "/notification-targets", { body })).status).toBe(201);
    expect((await call("POST", "/notification-targets", { body })).status).toBe(409);
  });
});

describe("notification templates", () => {
  const channels = {
    EMAIL: { subject: "${alarmType} on ${deviceName}", body: "Severity ${severity}, ${data.temperature} °C" },
    SMS: { body: "${severity}: ${alarmType} (${data.humidity}%)" },
  };

  it("previews a template against a typical event, naming placeholders it has no value for", async () => {
    const r = await call<{ channels: Record<string, { subject?: string; body: string }>; missing: string[] }>(
      "POST",
      "/notification-templates/preview",
      { body: { notificationType: "ALARM", channels } },
    );
    expect(r.status).toBe(200);
    expect(r.body.channels.EMAIL).toEqual({ subject: "High temperature on pump-1", body: "Severity MAJOR, 31.5 °C" });
    expect(r.body.channels.SMS).toEqual({ body: "MAJOR: High temperature (%)" });
    expect(r.body.missing).toEqual(["data.humidity"]);
  });

  it("previews against a sample event of one's own", async () => {
    const r = await call<{ channels: Record<string, { body: string }>; missing: string[] }>(
      "POST",
      "/notification-templates/preview",
      {
        body: {
          notificationType: "RULE_NODE",
          channels: { SLACK: { body: "${deviceName}: ${data.temperature} / ${ss_threshold.max}" } },
          sample: { deviceName: "boiler", data: { temperature: 90 }, "ss_threshold.max": 80 },
        },
      },
    );
    expect(r.body.channels.SLACK?.body).toBe("boiler: 90 / 80");
    expect(r.body.missing).toEqual([]);
  });

  it("creates, updates and lists templates; a template with no channel is 422", async () => {
    const created = await call<{ id: string; channels: unknown }>("POST", "/notification-templates", {
      body: { name: "Hot", notificationType: "ALARM", channels },
    });
    expect(created.status).toBe(201);
    expect(created.body.channels).toEqual(channels);
    const renamed = await call<{ name: string }>("PATCH", `/notification-templates/${created.body.id}`, {
      body: { name: "Hot (on call)" },
    });
    expect(renamed.body.name).toBe("Hot (on call)");
    const empty = await call<ErrorBody>("POST", "/notification-templates", {
      body: { name: "Empty", notificationType: "ALARM", channels: {} },
    });
    expect(empty.status).toBe(422);
    const longSms = await call<ErrorBody>("POST", "/notification-templates", {
      body: { name: "Long", notificationType: "ALARM", channels: { SMS: { body: "x".repeat(1601) } } },
    });
    expect(longSms.status).toBe(422);
    expect(longSms.body.error.details?.[0]?.path).toEqual(["channels", "SMS", "body"]);
    const list = await call<Page<{ name: string }>>("GET", "/notification-templates?notificationType=ALARM");
    expect(list.body.data.map((t) => t.name)).toEqual(["Hot (on call)"]);
  });

  it("refuses to delete a template a notification rule sends with; deletes it otherwise", async () => {
    const template = await call<{ id: string }>("POST", "/notification-templates", {
      body: { name: "Used", notificationType: "ALARM", channels },
    });
    const target = await call<{ id: string }>("POST", "/notification-targets", {
      body: { name: "For the rule", type: "EMAIL", configuration: { emails: ["r@example.com"] } },
    });
    const rule = await h.deps.db.forTenant(admin.tenantId).notificationRule.create({
      data: {
        tenantId: admin.tenantId,
        name: "Uses it",
        triggerType: "ALARM",
        templateId: template.body.id,
        targetIds: [target.body.id],
      },
    });
    const refused = await call<ErrorBody>("DELETE", `/notification-templates/${template.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('"Uses it"');
    const targetRefused = await call<ErrorBody>("DELETE", `/notification-targets/${target.body.id}`);
    expect(targetRefused.status).toBe(409);
    await h.deps.db.forTenant(admin.tenantId).notificationRule.delete({ where: { id: rule.id } });
    expect((await call("DELETE", `/notification-templates/${template.body.id}`)).status).toBe(204);
    expect((await call("GET", `/notification-templates/${template.body.id}`)).status).toBe(404);
    expect((await call("DELETE", `/notification-targets/${target.body.id}`)).status).toBe(204);
  });
});

describe("notification settings", () => {
  interface SettingsView {
    providers: Record<string, Record<string, unknown>>;
    rateLimits: Record<string, { perMinute: number; default: number; custom: boolean }>;
    resendWebhookUrl: string;
  }

  it("starts with nothing configured and the platform's rate limits", async () => {
    const r = await call<SettingsView>("GET", "/notification-settings");
    expect(r.body.providers.EMAIL).toEqual({ configured: false, usesPlatformDefault: false });
    expect(r.body.providers.SMS).toEqual({ configured: false });
    // Where the tenant points its Resend webhook (delivery reports; Twilio's callback is set per SMS).
    expect(r.body.resendWebhookUrl).toBe(`${TEST_ORIGIN}/api/v1/providers/resend/events/${admin.tenantId}`);
    expect(r.body.rateLimits.SMS).toEqual({ perMinute: 30, default: 30, custom: false });
  });

  it("seals secrets, returns only that they are set, keeps a secret left out, removes with null", async () => {
    const saved = await call<SettingsView>("PUT", "/notification-settings", {
      body: {
        providers: {
          EMAIL: { from: "Alerts <alerts@example.com>", apiKey: "re_live_secret", webhookSecret: "whsec_c2VjcmV0" },
          SMS: { accountSid: `AC${"a".repeat(32)}`, from: "+14155550100", authToken: "twilio-secret" },
          SLACK: { botToken: "xoxb-slack-secret" },
        },
        rateLimits: { SMS: 5 },
      },
    });
    expect(saved.status).toBe(200);
    const text = JSON.stringify(saved.body) + JSON.stringify((await call("GET", "/notification-settings")).body);
    for (const secret of ["re_live_secret", "whsec_c2VjcmV0", "twilio-secret", "xoxb-slack-secret"])
      expect(text).not.toContain(secret);
    expect(saved.body.providers.EMAIL).toEqual({
      configured: true,
      from: "Alerts <alerts@example.com>",
      apiKeySet: true,
      webhookSecretSet: true,
    });
    expect(saved.body.providers.SMS).toMatchObject({ configured: true, authTokenSet: true, from: "+14155550100" });
    expect(saved.body.rateLimits.SMS).toEqual({ perMinute: 5, default: 30, custom: true });

    const row = await h.deps.db.system.notificationSettings.findUniqueOrThrow({ where: { tenantId: admin.tenantId } });
    const stored = row.providers as { EMAIL: { apiKey: string; webhookSecret: string }; SLACK: { botToken: string } };
    expect(JSON.stringify(row.providers)).not.toContain("secret");
    expect(JSON.stringify(row.providers)).not.toContain("whsec_");
    expect(h.deps.secrets.open(stored.EMAIL.apiKey)).toBe("re_live_secret");
    expect(h.deps.secrets.open(stored.EMAIL.webhookSecret)).toBe("whsec_c2VjcmV0");

    // A new sender without the key keeps the key; SLACK null removes Slack; the SMS limit back to default.
    const changed = await call<SettingsView>("PUT", "/notification-settings", {
      body: { providers: { EMAIL: { from: "ops@example.com" }, SLACK: null }, rateLimits: { SMS: null } },
    });
    expect(changed.body.providers.EMAIL).toMatchObject({
      configured: true,
      from: "ops@example.com",
      webhookSecretSet: true,
    });
    expect(changed.body.providers.SLACK).toEqual({ configured: false });
    expect(changed.body.providers.SMS).toMatchObject({ configured: true });
    expect(changed.body.rateLimits.SMS).toMatchObject({ perMinute: 30, custom: false });
    const after = await h.deps.db.system.notificationSettings.findUniqueOrThrow({
      where: { tenantId: admin.tenantId },
    });
    expect(h.deps.secrets.open((after.providers as typeof stored).EMAIL.apiKey)).toBe("re_live_secret");
  });

  it("asks for the secret of a provider configured for the first time", async () => {
    const r = await h.call<ErrorBody>("PUT", "/api/v1/notification-settings", {
      cookie: other.cookie,
      body: { providers: { SMS: { accountSid: `AC${"b".repeat(32)}`, from: "+14155550100" } } },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.details?.[0]?.path).toEqual(["providers", "SMS", "authToken"]);
    const sid = await h.call<ErrorBody>("PUT", "/api/v1/notification-settings", {
      cookie: other.cookie,
      body: { providers: { SMS: { accountSid: "12345", from: "+14155550100", authToken: "x" } } },
    });
    expect(sid.body.error.details?.[0]?.path).toEqual(["providers", "SMS", "accountSid"]);
  });

  it("checks the test recipient before sending anything", async () => {
    const r = await call<ErrorBody>("POST", "/notification-settings/test", { body: { channel: "SMS", to: "12345" } });
    expect(r.status).toBe(422);
    expect(r.body.error.details?.[0]?.path).toEqual(["to"]);
    const inApp = await call<ErrorBody>("POST", "/notification-settings/test", {
      apiKey,
      cookie: undefined,
      body: { channel: "IN_APP" },
    });
    expect(inApp.status).toBe(422);
  });
});

describe("provider secrets after a key rotation", () => {
  it("re-seals what an old key sealed under the new one, and says when nothing needs it", () => {
    const oldKey = generateSecretKey();
    const before = createSecretBox(oldKey);
    const stored = sealProviders(
      before,
      { EMAIL: { from: "a@example.test", apiKey: "re_k" }, SLACK: { botToken: "xoxb-t" } },
      {},
    );
    const after = createSecretBox(generateSecretKey(), [oldKey]);
    const rotated = rotateProviders(after, stored)!;
    // Without the old key listed, nothing it sealed opens.
    expect(() => openProviders(createSecretBox(generateSecretKey()), stored)).toThrow(/not configured/);
    expect(after.needsRotation(rotated.EMAIL!.apiKey)).toBe(false);
    expect(openProviders(after, rotated)).toEqual({
      EMAIL: { from: "a@example.test", apiKey: "re_k" },
      SLACK: { botToken: "xoxb-t" },
    });
    expect(rotateProviders(after, rotated)).toBeNull();
  });
});

describe("the in-app inbox", () => {
  let colleague: { id: string; cookie: string };
  const ids: string[] = [];

  const notify = (userId: string, subject: string, seenAt: Date | null = null) =>
    h.deps.db.forTenant(admin.tenantId).notification.create({
      data: { tenantId: admin.tenantId, userId, type: "ALARM", subject, text: `${subject}!`, seenAt },
    });

  beforeAll(async () => {
    const user = await createUser(h.deps.db.system, {
      tenantId: admin.tenantId,
      role: "TENANT_ADMIN",
      password: "colleague password 1",
    });
    const login = await h.call("POST", "/api/v1/auth/login", {
      body: { email: user.email, password: "colleague password 1" },
    });
    colleague = { id: user.id, cookie: login.sessionCookie! };
    for (const subject of ["First", "Second", "Third"]) ids.push((await notify(admin.userId, subject)).id);
    await notify(admin.userId, "Old", new Date());
    await notify(colleague.id, "Colleague's");
  });

  it("lists the caller's own notifications, newest first, with the unread count", async () => {
    const r = await call<Page<{ subject: string; seenAt: string | null }> & { unreadCount: number }>(
      "GET",
      "/notifications",
    );
    expect(r.body.data.map((n) => n.subject)).toEqual(["Old", "Third", "Second", "First"]);
    expect(r.body.unreadCount).toBe(3);
    const unread = await call<Page<{ subject: string }>>("GET", "/notifications?unreadOnly=true");
    expect(unread.body.data.map((n) => n.subject)).toEqual(["Third", "Second", "First"]);
    expect((await call<{ count: number }>("GET", "/notifications/unread-count")).body.count).toBe(3);
  });

  it("marks read and deletes, publishing each change to the user's open consoles", async () => {
    const subscriber = new Redis(process.env.REDIS_URL!);
    const heard: unknown[] = [];
    await subscriber.subscribe(notificationsChannel(admin.tenantId, admin.userId));
    subscriber.on("message", (_channel, text: string) => heard.push(JSON.parse(text)));
    try {
      const read = await call<{ seenAt: string | null }>("POST", `/notifications/${ids[0]}/read`);
      expect(read.body.seenAt).not.toBeNull();
      expect((await call<{ count: number }>("GET", "/notifications/unread-count")).body.count).toBe(2);
      expect((await call("DELETE", `/notifications/${ids[1]}`)).status).toBe(204);
      expect((await call<{ updated: number }>("POST", "/notifications/read-all")).body.updated).toBe(1);
      expect((await call<{ count: number }>("GET", "/notifications/unread-count")).body.count).toBe(0);
      await expect.poll(() => heard.length).toBe(3);
      expect(heard).toEqual([{ kind: "read", ids: [ids[0]] }, { kind: "deleted", ids: [ids[1]] }, { kind: "readAll" }]);
    } finally {
      await subscriber.quit();
    }
  });

  it("does not let one user read or delete another's notification (404), nor an API key list an inbox", async () => {
    const theirs = await h.call<ErrorBody>("POST", `/api/v1/notifications/${ids[2]}/read`, {
      cookie: colleague.cookie,
    });
    expect(theirs.status).toBe(404);
    expect((await h.call("DELETE", `/api/v1/notifications/${ids[2]}`, { cookie: colleague.cookie })).status).toBe(404);
    const colleagueList = await h.call<Page<{ subject: string }>>("GET", "/api/v1/notifications", {
      cookie: colleague.cookie,
    });
    expect(colleagueList.body.data.map((n) => n.subject)).toEqual(["Colleague's"]);
    expect((await h.call("GET", "/api/v1/notifications", { apiKey })).status).toBe(403);
    expect((await h.call("POST", `/api/v1/notifications/${ids[2]}/read`, { apiKey })).status).toBe(404);
  });

  it("counts a read in-app notification as delivered: its delivery DELIVERED, the request's counts with it", async () => {
    const db = h.deps.db.forTenant(admin.tenantId);
    const tenantId = admin.tenantId;
    const request = await db.notificationRequest.create({ data: { tenantId, targetIds: [], status: "SENT" } });
    const sent = { tenantId, requestId: request.id, status: "SENT" as const };
    await db.notificationDelivery.createMany({
      data: [
        { ...sent, channel: "IN_APP", recipient: admin.userId, userId: admin.userId },
        { ...sent, channel: "EMAIL", recipient: "admin@example.test", userId: admin.userId },
        { ...sent, channel: "IN_APP", recipient: colleague.id, userId: colleague.id },
      ],
    });
    const inbox = { tenantId, requestId: request.id, type: "ALARM" as const, subject: "Pump 4 stopped", text: "!" };
    const mine = await db.notification.create({ data: { ...inbox, userId: admin.userId } });
    await db.notification.create({ data: { ...inbox, userId: colleague.id } });
    const statuses = async () =>
      (await db.notificationDelivery.findMany({ where: { requestId: request.id } }))
        .map((d) => `${d.channel} ${d.userId === admin.userId ? "admin" : "colleague"} ${d.status}`)
        .sort();
    const counts = async () =>
      (await call<{ stats: { byStatus: Record<string, number> } }>("GET", `/notification-requests/${request.id}`)).body
        .stats.byStatus;

    expect((await call("POST", `/notifications/${mine.id}/read`)).status).toBe(200);
    // The admin's in-app delivery only: the email stays SENT, the colleague has not read theirs.
    expect(await statuses()).toEqual(["EMAIL admin SENT", "IN_APP admin DELIVERED", "IN_APP colleague SENT"]);
    expect(await counts()).toEqual({ DELIVERED: 1, SENT: 2 });

    expect((await h.call("POST", "/api/v1/notifications/read-all", { cookie: colleague.cookie })).status).toBe(200);
    expect(await statuses()).toEqual(["EMAIL admin SENT", "IN_APP admin DELIVERED", "IN_APP colleague DELIVERED"]);
    expect(await counts()).toEqual({ DELIVERED: 2, SENT: 1 });
    // The sent log of this tenant is expected empty further down.
    await db.notificationRequest.delete({ where: { id: request.id } });
  });
});

describe("sending a notification", () => {
  it("checks the template and targets are the tenant's own", async () => {
    const foreign = await h.call<{ id: string }>("POST", "/api/v1/notification-targets", {
      cookie: other.cookie,
      body: { name: "Theirs", type: "EMAIL", configuration: { emails: ["b@example.com"] } },
    });
    const r = await call<ErrorBody>("POST", "/notification-requests", {
      body: { targetIds: [foreign.body.id], text: "Hello" },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.details?.[0]?.path).toEqual(["targetIds", "0"]);
    const both = await call<ErrorBody>("POST", "/notification-requests", {
      body: { targetIds: [foreign.body.id] },
    });
    expect(both.status).toBe(422);
  });

  it("answers 503 and keeps nothing when the workers cannot be reached", async () => {
    // A port nothing listens on, whatever Temporal may run on this machine.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const temporal = h.deps.temporal;
    h.deps.temporal = lazyTemporalClient({ address: `127.0.0.1:${port}`, namespace: "default", taskQueue: "none" });
    const target = await call<{ id: string }>("POST", "/notification-targets", {
      body: { name: "Unreachable test", type: "EMAIL", configuration: { emails: ["u@example.com"] } },
    });
    const r = await call<ErrorBody>("POST", "/notification-requests", {
      body: { targetIds: [target.body.id], subject: "Hi", text: "Nobody will send this" },
    });
    expect(r.status).toBe(503);
    expect(r.body.error.message).toMatch(/nothing was sent/);
    const log = await call<Page<unknown>>("GET", "/notification-requests");
    expect(log.body.total).toBe(0);
    await h.deps.temporal.close();
    h.deps.temporal = temporal;
  }, 30_000);
});
