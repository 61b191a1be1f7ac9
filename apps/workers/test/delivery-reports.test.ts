import { randomBytes } from "node:crypto";
import { createPlatformApi } from "@industryos/api";
import { startApiHarness, TEST_ORIGIN, type ApiHarness } from "@industryos/api/testing";
import { resendEventsPath, resendPlatformEventsPath } from "@industryos/api/notifications";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNotificationDelivery } from "../src/notifications/notification-delivery.ts";
import { notificationDeps, startProviders, type Providers } from "./support/notification-providers.ts";

// Providers' delivery reports: the SMS channel sends through the real twilio SDK (to the local Twilio server)
// asking for a status callback; the report Twilio would post, signed as Twilio signs, reaches the API's
// callback route, as does a Svix-signed Resend event for an email sent through the real resend SDK, with a
// tenant's own account or the platform's (for a tenant without one).

let h: ApiHarness;
let providers: Providers;
let delivery: ReturnType<typeof createNotificationDelivery>;
let tenant: { cookie: string; tenantId: string };
let other: { cookie: string; tenantId: string };
/** A tenant without an email provider of its own: its email goes through the platform's Resend account. */
let plain: { cookie: string; tenantId: string };
/** RESEND_WEBHOOK_SECRET: the signing secret of the platform account's webhook. */
const platformWebhookSecret = `whsec_${randomBytes(24).toString("base64")}`;

interface Row {
  status: string;
  error: string | null;
  providerResponse: Record<string, unknown> | null;
}

const settingsOf = (p: Providers) => ({
  providers: {
    ...p.settings.providers,
    EMAIL: { ...p.settings.providers.EMAIL, webhookSecret: p.resend.webhookSecret },
  },
});

/** One request to `recipients` sent through the workers' delivery step; its delivery ids by recipient. */
async function sendRequest(tenantId: string, channel: "SMS" | "EMAIL", recipients: string[]) {
  const db = h.deps.db.forTenant(tenantId);
  const request = await db.notificationRequest.create({
    data: {
      tenantId,
      targetIds: [],
      info: {
        $delivery: {
          content: { subject: "Boiler", body: "Boiler pressure high" },
          channels: [channel],
          recipients: { [channel]: recipients },
        },
      },
    },
  });
  await delivery.prepare(tenantId, request.id);
  const rows = await db.notificationDelivery.findMany({ where: { requestId: request.id } });
  for (const row of rows) expect(await delivery.deliver(tenantId, row.id, Date.now())).toEqual({ status: "SENT" });
  await delivery.finish(tenantId, request.id);
  return { requestId: request.id, ids: Object.fromEntries(rows.map((r) => [r.recipient, r.id])) };
}

const rowOf = async (tenantId: string, id: string) =>
  (await h.deps.db.forTenant(tenantId).notificationDelivery.findUniqueOrThrow({
    where: { id },
    select: { status: true, error: true, providerResponse: true },
  })) as Row;

const statsOf = async (tenantId: string, requestId: string) =>
  (await h.deps.db.forTenant(tenantId).notificationRequest.findUniqueOrThrow({ where: { id: requestId } })).stats as {
    byStatus: Record<string, number>;
  };

const post = async (request: Request) => {
  const response = await h.api.rest(request, {});
  return { status: response.status, text: await response.text() };
};

const smsSid = (to: string) => providers.twilio.sent.find((m) => m.to === to)!.sid;

beforeAll(async () => {
  providers = await startProviders();
  h = await startApiHarness({
    email: {
      from: providers.platformEmail.from,
      resendApiKey: providers.platformEmail.apiKey,
      resendBaseUrl: providers.resend.baseUrl,
      resendWebhookSecret: platformWebhookSecret,
    },
  });
  delivery = createNotificationDelivery({
    ...notificationDeps(h, providers),
    endpoints: { ...providers.endpoints, publicUrl: TEST_ORIGIN },
    platformEmail: providers.platformEmail,
  });
  tenant = await h.signup("reports");
  other = await h.signup("reports-other");
  plain = await h.signup("reports-plain");
  for (const t of [tenant, other]) {
    const saved = await h.call("PUT", "/api/v1/notification-settings", {
      cookie: t.cookie,
      body: settingsOf(providers),
    });
    expect(saved.status).toBe(200);
  }
});
afterAll(async () => {
  await providers?.close();
  await h?.close();
});

describe("Twilio status callbacks", () => {
  it("asks for a callback per delivery; delivered moves it to DELIVERED and recounts the request, once", async () => {
    const { requestId, ids } = await sendRequest(tenant.tenantId, "SMS", ["+15005550101", "+15005550102"]);
    const sid = smsSid("+15005550101");
    expect(providers.twilio.sent.find((m) => m.sid === sid)!.statusCallback).toBe(
      `${TEST_ORIGIN}/api/v1/providers/twilio/status/${tenant.tenantId}/${ids["+15005550101"]}`,
    );
    expect((await statsOf(tenant.tenantId, requestId)).byStatus).toEqual({ SENT: 2 });

    expect((await post(providers.twilio.statusReport(sid, "sent"))).status).toBe(204);
    expect((await rowOf(tenant.tenantId, ids["+15005550101"]!)).status).toBe("SENT");
    expect((await post(providers.twilio.statusReport(sid, "delivered"))).status).toBe(204);
    const row = await rowOf(tenant.tenantId, ids["+15005550101"]!);
    expect(row.status).toBe("DELIVERED");
    expect(row.providerResponse).toMatchObject({ sid, deliveryReport: { MessageStatus: "delivered" } });
    expect((await statsOf(tenant.tenantId, requestId)).byStatus).toEqual({ SENT: 1, DELIVERED: 1 });

    // A late "undelivered" (out of order, or replayed) does not move it back.
    const late = providers.twilio.statusReport(sid, "undelivered", { code: 30003, message: "Unreachable" });
    expect((await post(late)).status).toBe(204);
    expect((await rowOf(tenant.tenantId, ids["+15005550101"]!)).status).toBe("DELIVERED");
  });

  it("undelivered moves it to FAILED with Twilio's code and message", async () => {
    const { requestId, ids } = await sendRequest(tenant.tenantId, "SMS", ["+15005550103"]);
    const report = providers.twilio.statusReport(smsSid("+15005550103"), "undelivered", {
      code: 30005,
      message: "Unknown destination handset",
    });
    expect((await post(report)).status).toBe(204);
    const row = await rowOf(tenant.tenantId, ids["+15005550103"]!);
    expect(row.status).toBe("FAILED");
    expect(row.error).toBe("Twilio reported the SMS undelivered (code 30005): Unknown destination handset");
    expect((await statsOf(tenant.tenantId, requestId)).byStatus).toEqual({ FAILED: 1 });
  });

  it("refuses a report signed with another token, and changes nothing", async () => {
    const { ids } = await sendRequest(tenant.tenantId, "SMS", ["+15005550104"]);
    const forged = providers.twilio.statusReport(smsSid("+15005550104"), "delivered", undefined, "not-the-token");
    const answer = await post(forged);
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.text)).toEqual({
      error: { code: "FORBIDDEN", message: "The report's signature could not be verified" },
    });
    expect((await rowOf(tenant.tenantId, ids["+15005550104"]!)).status).toBe("SENT");
  });

  it("cannot reach another tenant's delivery: its id under this tenant's URL is 404", async () => {
    const { ids } = await sendRequest(other.tenantId, "SMS", ["+15005550105"]);
    const sid = smsSid("+15005550105");
    // The same account's signature over a URL naming this tenant and the other tenant's delivery.
    const message = providers.twilio.sent.find((m) => m.sid === sid)!;
    message.statusCallback = `${TEST_ORIGIN}/api/v1/providers/twilio/status/${tenant.tenantId}/${ids["+15005550105"]}`;
    const answer = await post(providers.twilio.statusReport(sid, "delivered"));
    expect(answer.status).toBe(404);
    expect(answer.text).not.toContain(other.tenantId);
    expect((await rowOf(other.tenantId, ids["+15005550105"]!)).status).toBe("SENT");
  });
});

describe("Resend webhook events", () => {
  const url = (tenantId: string) => `${TEST_ORIGIN}${resendEventsPath(tenantId)}`;
  const emailIdOf = (to: string) => providers.resend.ids[providers.resend.sent.findIndex((e) => e.to === to)]!;

  it("email.delivered moves the email sent with that id to DELIVERED; bounced and complained to FAILED", async () => {
    const { requestId, ids } = await sendRequest(tenant.tenantId, "EMAIL", [
      "a@example.test",
      "b@example.test",
      "c@example.test",
    ]);
    const events = [
      providers.resend.webhookEvent(url(tenant.tenantId), "email.delivered", emailIdOf("a@example.test")),
      providers.resend.webhookEvent(url(tenant.tenantId), "email.bounced", emailIdOf("b@example.test"), {
        bounce: { type: "Permanent", message: "The mailbox does not exist" },
      }),
      providers.resend.webhookEvent(url(tenant.tenantId), "email.complained", emailIdOf("c@example.test")),
    ];
    for (const event of events) expect((await post(event)).status).toBe(204);
    expect((await rowOf(tenant.tenantId, ids["a@example.test"]!)).status).toBe("DELIVERED");
    expect(await rowOf(tenant.tenantId, ids["b@example.test"]!)).toMatchObject({
      status: "FAILED",
      error: "Resend reported the email bounced: The mailbox does not exist",
    });
    expect(await rowOf(tenant.tenantId, ids["c@example.test"]!)).toMatchObject({
      status: "FAILED",
      error: "Resend reported the recipient marked the email as spam",
    });
    expect((await statsOf(tenant.tenantId, requestId)).byStatus).toEqual({ DELIVERED: 1, FAILED: 2 });
  });

  it("refuses an event signed with another secret, and one for another tenant's email is 404", async () => {
    const { ids } = await sendRequest(other.tenantId, "EMAIL", ["d@example.test"]);
    const id = emailIdOf("d@example.test");
    const forged = providers.resend.webhookEvent(
      url(other.tenantId),
      "email.delivered",
      id,
      {},
      "whsec_" + "A".repeat(32),
    );
    expect((await post(forged)).status).toBe(403);
    const elsewhere = await post(providers.resend.webhookEvent(url(tenant.tenantId), "email.delivered", id));
    expect(elsewhere.status).toBe(404);
    expect((await rowOf(other.tenantId, ids["d@example.test"]!)).status).toBe("SENT");
  });
});

describe("Resend webhook events of the platform's account", () => {
  const platformUrl = `${TEST_ORIGIN}${resendPlatformEventsPath}`;
  const sentIndex = (to: string) => providers.resend.sent.findIndex((e) => e.to === to);
  const emailIdOf = (to: string) => providers.resend.ids[sentIndex(to)]!;
  const platformEvent = (type: string, to: string, extra?: Record<string, unknown>, secret = platformWebhookSecret) =>
    providers.resend.webhookEvent(platformUrl, type, emailIdOf(to), extra, secret);

  it("moves the email sent for a tenant without its own Resend account: delivered to DELIVERED, bounced to FAILED", async () => {
    const { requestId, ids } = await sendRequest(plain.tenantId, "EMAIL", ["p@example.test", "q@example.test"]);
    // Sent with the platform's key and sender, and marked so.
    expect(providers.resend.sentWith[sentIndex("p@example.test")]).toBe(providers.platformEmail.apiKey);
    expect(providers.resend.sent[sentIndex("p@example.test")]!.from).toBe(providers.platformEmail.from);
    expect((await rowOf(plain.tenantId, ids["p@example.test"]!)).providerResponse).toEqual({
      provider: "resend",
      id: emailIdOf("p@example.test"),
      account: "platform",
    });
    // The tenant's own endpoint has no secret to check it with.
    const own = providers.resend.webhookEvent(
      `${TEST_ORIGIN}${resendEventsPath(plain.tenantId)}`,
      "email.delivered",
      emailIdOf("p@example.test"),
      {},
      platformWebhookSecret,
    );
    expect((await post(own)).status).toBe(403);

    expect((await post(platformEvent("email.delivered", "p@example.test"))).status).toBe(204);
    const bounce = { bounce: { type: "Permanent", message: "The mailbox does not exist" } };
    expect((await post(platformEvent("email.bounced", "q@example.test", bounce))).status).toBe(204);
    expect(await rowOf(plain.tenantId, ids["p@example.test"]!)).toMatchObject({ status: "DELIVERED" });
    expect(await rowOf(plain.tenantId, ids["q@example.test"]!)).toMatchObject({
      status: "FAILED",
      error: "Resend reported the email bounced: The mailbox does not exist",
    });
    expect((await statsOf(plain.tenantId, requestId)).byStatus).toEqual({ DELIVERED: 1, FAILED: 1 });
  });

  it("refuses forged events, events signed with a tenant's secret and any without RESEND_WEBHOOK_SECRET (403), and moves no email of a tenant's own account", async () => {
    const { ids } = await sendRequest(plain.tenantId, "EMAIL", ["r@example.test"]);
    for (const secret of ["whsec_" + "A".repeat(32), providers.resend.webhookSecret]) {
      const answer = await post(platformEvent("email.delivered", "r@example.test", {}, secret));
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.text)).toEqual({
        error: { code: "FORBIDDEN", message: "The report's signature could not be verified" },
      });
    }
    expect((await rowOf(plain.tenantId, ids["r@example.test"]!)).status).toBe("SENT");
    // Without RESEND_WEBHOOK_SECRET even a well-signed event is refused.
    const unset = createPlatformApi({ ...h.deps, email: { ...h.deps.email, resendWebhookSecret: undefined } });
    expect((await unset.rest(platformEvent("email.delivered", "r@example.test"), {})).status).toBe(403);
    expect((await rowOf(plain.tenantId, ids["r@example.test"]!)).status).toBe("SENT");

    // Signed by the platform, but for an email sent through the tenant's own account: acknowledged, nothing moves.
    const own = await sendRequest(tenant.tenantId, "EMAIL", ["s@example.test"]);
    expect((await post(platformEvent("email.delivered", "s@example.test"))).status).toBe(204);
    expect((await rowOf(tenant.tenantId, own.ids["s@example.test"]!)).status).toBe("SENT");
    // Email of the account that no delivery stands for (a sign-up confirmation): acknowledged, so Resend does not retry.
    const signup = providers.resend.sent.findIndex((e) => String(e.to).startsWith("admin-reports-plain-"));
    expect(signup).toBeGreaterThanOrEqual(0);
    const unknown = providers.resend.webhookEvent(
      platformUrl,
      "email.delivered",
      providers.resend.ids[signup]!,
      {},
      platformWebhookSecret,
    );
    expect((await post(unknown)).status).toBe(204);
  });
});
