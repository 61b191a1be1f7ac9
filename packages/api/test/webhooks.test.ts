import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEBHOOKS_CHANGED_CHANNEL } from "../src/services/webhooks/events.ts";
import { verifyWebhookSignature } from "../src/services/webhooks/signature.ts";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../src/testing/webhook-receiver.ts";

interface Webhook {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  consecutiveFailures: number;
  disabledAt: string | null;
  secret?: string;
}
interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  attemptLog: { attempt: number; statusCode: number | null; durationMs: number; error: string | null }[];
  payload?: Record<string, unknown>;
}
interface Page<T> {
  data: T[];
  total: number;
}

let h: ApiHarness;
let receiver: WebhookReceiver;
let keyA: string;
let keyB: string;
let tenantA: string;
let answerStatus = 200;
let changes: Redis;
const changed: string[] = [];

const as = (apiKey: string) => ({
  call: <T>(method: string, path: string, body?: unknown) => h.call<T>(method, `/api/v1${path}`, { apiKey, body }),
});

beforeAll(async () => {
  // Loopback receivers, as on one's own machine (npm start sets WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true).
  h = await startApiHarness({ webhooks: { allowPrivateNetworks: true } });
  receiver = await startWebhookReceiver({ answer: () => answerStatus });
  const a = await h.signup("hooks-a");
  const b = await h.signup("hooks-b");
  tenantA = a.tenantId;
  keyA = (await h.call<{ key: string }>("POST", "/api/v1/api-keys", { cookie: a.cookie, body: { name: "a" } })).body
    .key;
  keyB = (await h.call<{ key: string }>("POST", "/api/v1/api-keys", { cookie: b.cookie, body: { name: "b" } })).body
    .key;
  changes = new Redis(process.env.REDIS_URL!);
  changes.on("message", (_channel: string, text: string) => changed.push(JSON.parse(text).tenantId));
  await changes.subscribe(WEBHOOKS_CHANGED_CHANNEL);
});
afterAll(async () => {
  await changes?.quit();
  await receiver?.close();
  await h?.close();
});

async function create(apiKey: string, body: unknown) {
  const r = await as(apiKey).call<Webhook>("POST", "/webhooks", body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

describe("integrator webhooks over REST", () => {
  it("creates a webhook whose secret is shown once and stored sealed", async () => {
    const hook = await create(keyA, { url: receiver.url("/a"), events: ["telemetry", "alarm.created", "telemetry"] });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(hook).toMatchObject({ url: receiver.url("/a"), events: ["telemetry", "alarm.created"], enabled: true });

    const read = await as(keyA).call<Webhook>("GET", `/webhooks/${hook.id}`);
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty("secret");
    expect(JSON.stringify((await as(keyA).call("GET", "/webhooks")).body)).not.toContain(hook.secret);

    const row = await h.deps.db.system.webhook.findUniqueOrThrow({ where: { id: hook.id } });
    expect(row.secretEncrypted).not.toContain(hook.secret!);
    expect(h.deps.secrets.open(row.secretEncrypted)).toBe(hook.secret);
    expect(changed).toContain(tenantA);
  });

  it("refuses unknown events, bad URLs and link-local addresses with 422 naming the field", async () => {
    const refused = async (body: unknown, message: RegExp) => {
      const r = await as(keyA).call<{ error: { code: string; message: string; details: { path: string[] }[] } }>(
        "POST",
        "/webhooks",
        body,
      );
      expect(r.status, JSON.stringify(r.body)).toBe(422);
      expect(r.body.error.message).toMatch(message);
      return r.body.error;
    };
    await refused({ url: receiver.url(), events: ["telemetry.exploded"] }, /Events are telemetry, attributes/);
    await refused({ url: receiver.url(), events: [] }, /at least one event/);
    await refused({ url: "ftp://example.com/x", events: ["*"] }, /use http or https/);
    // Cloud metadata: refused even though private networks are allowed here.
    const error = await refused({ url: "http://169.254.169.254/latest/meta-data/", events: ["*"] }, /link-local/);
    expect(error.details[0]!.path).toEqual(["url"]);
    await refused({ url: "http://[fe80::1]/hook", events: ["*"] }, /link-local/);
    const hook = await create(keyA, { url: receiver.url("/x"), events: ["*"] });
    const patched = await as(keyA).call<{ error: { message: string } }>("PATCH", `/webhooks/${hook.id}`, {
      url: "http://[::ffff:169.254.169.254]/",
    });
    expect(patched.status).toBe(422);
    expect(patched.body.error.message).toMatch(/link-local/);
  });

  it("refuses loopback and private addresses when WEBHOOKS_ALLOW_PRIVATE_NETWORKS is not set", async () => {
    const saved = h.deps.webhooks;
    h.deps.webhooks = { allowPrivateNetworks: false };
    try {
      for (const url of [receiver.url("/p"), "http://10.0.0.5/hook", `http://localhost:${receiver.port}/p`]) {
        const r = await as(keyA).call<{ error: { message: string } }>("POST", "/webhooks", { url, events: ["*"] });
        expect(r.status, url).toBe(422);
        expect(r.body.error.message, url).toMatch(/private address: refused/);
      }
      expect(
        (await as(keyA).call("POST", "/webhooks", { url: "https://hooks.example.com/industryos", events: ["*"] }))
          .status,
      ).toBe(201);
    } finally {
      h.deps.webhooks = saved;
    }
  });

  it("sends a signed test event and logs the receiver's answer", async () => {
    const hook = await create(keyA, { url: receiver.url("/ping"), events: ["telemetry"] });
    const seen = receiver.counts.received;
    const pinged = await as(keyA).call<Delivery>("POST", `/webhooks/${hook.id}/ping`);
    expect(pinged.status).toBe(200);
    expect(pinged.body).toMatchObject({ eventType: "ping", status: "SUCCEEDED", attempts: 1, lastStatusCode: 200 });
    expect(pinged.body.attemptLog).toHaveLength(1);

    expect(receiver.counts.received).toBe(seen + 1);
    const got = receiver.deliveries.at(-1)!;
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.event).toBe("ping");
    expect(got.deliveryId).toBe(pinged.body.id);
    expect(verifyWebhookSignature(hook.secret!, got.headers["industryos-signature"] as string, got.body)).toBe(true);
    expect(verifyWebhookSignature("whsec_wrong", got.headers["industryos-signature"] as string, got.body)).toBe(false);
    const body = JSON.parse(got.body);
    expect(body).toMatchObject({ id: pinged.body.eventId, type: "ping", tenantId: tenantA });
    expect(new Date(body.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    answerStatus = 500;
    try {
      const failed = await as(keyA).call<Delivery>("POST", `/webhooks/${hook.id}/ping`);
      expect(failed.body).toMatchObject({ status: "FAILED", lastStatusCode: 500, attempts: 1 });
      expect(failed.body.lastError).toMatch(/^HTTP 500/);
    } finally {
      answerStatus = 200;
    }
    // A test event does not count towards disabling the webhook.
    expect((await as(keyA).call<Webhook>("GET", `/webhooks/${hook.id}`)).body.consecutiveFailures).toBe(0);

    const log = await as(keyA).call<Page<Delivery>>("GET", `/webhooks/${hook.id}/deliveries`);
    expect(log.body.total).toBe(2);
    expect(log.body.data.map((d) => d.status)).toEqual(["FAILED", "SUCCEEDED"]);
    expect(log.body.data[0]!.attemptLog[0]).toMatchObject({ attempt: 1, statusCode: 500 });
    expect(log.body.data[0]!.lastDurationMs).toBeGreaterThanOrEqual(0);
    const failedOnly = await as(keyA).call<Page<Delivery>>("GET", `/webhooks/${hook.id}/deliveries?status=FAILED`);
    expect(failedOnly.body.total).toBe(1);

    const detail = await as(keyA).call<Delivery>("GET", `/webhooks/${hook.id}/deliveries/${pinged.body.id}`);
    expect(JSON.stringify(detail.body.payload)).toBe(got.body);
  });

  it("logs a receiver that does not answer, and a redirect, as failed attempts with the reason", async () => {
    const hook = await create(keyA, { url: "http://127.0.0.1:9/closed", events: ["*"] });
    const unreachable = await as(keyA).call<Delivery>("POST", `/webhooks/${hook.id}/ping`);
    expect(unreachable.body).toMatchObject({ status: "FAILED", lastStatusCode: null });
    expect(unreachable.body.lastError).toMatch(/ECONNREFUSED/);

    answerStatus = 302;
    try {
      await as(keyA).call("PATCH", `/webhooks/${hook.id}`, { url: receiver.url("/moved") });
      const redirected = await as(keyA).call<Delivery>("POST", `/webhooks/${hook.id}/ping`);
      expect(redirected.body).toMatchObject({ status: "FAILED", lastStatusCode: 302 });
      expect(redirected.body.lastError).toMatch(/redirects are not followed/);
    } finally {
      answerStatus = 200;
    }
  });

  it("rotates the secret: shown once, and the next delivery is signed with the new one", async () => {
    const hook = await create(keyA, { url: receiver.url("/rotate"), events: ["*"] });
    const rotated = await as(keyA).call<Webhook>("POST", `/webhooks/${hook.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(hook.secret);
    await as(keyA).call("POST", `/webhooks/${hook.id}/ping`);
    const got = receiver.deliveries.at(-1)!;
    const header = got.headers["industryos-signature"] as string;
    expect(verifyWebhookSignature(rotated.body.secret!, header, got.body)).toBe(true);
    expect(verifyWebhookSignature(hook.secret!, header, got.body)).toBe(false);
  });

  it("edits, disables and enables a webhook; enabling starts the failure count afresh", async () => {
    const hook = await create(keyA, { url: receiver.url("/edit"), events: ["telemetry"], description: "ERP" });
    await h.deps.db.system.webhook.update({
      where: { id: hook.id },
      data: { enabled: false, consecutiveFailures: 20, disabledAt: new Date(), disabledReason: "20 failed attempts" },
    });
    const changedBefore = changed.length;
    const enabled = await as(keyA).call<Webhook & { disabledReason: string | null }>("PATCH", `/webhooks/${hook.id}`, {
      enabled: true,
      events: ["*"],
      description: null,
    });
    expect(enabled.body).toMatchObject({
      enabled: true,
      consecutiveFailures: 0,
      disabledAt: null,
      disabledReason: null,
      events: ["*"],
      description: null,
    });
    const disabled = await as(keyA).call<Webhook>("PATCH", `/webhooks/${hook.id}`, { enabled: false });
    expect(disabled.body.enabled).toBe(false);
    expect(disabled.body.disabledAt).not.toBeNull();
    expect((await as(keyA).call("PATCH", `/webhooks/${hook.id}`, {})).status).toBe(422);
    await expect.poll(() => changed.length).toBeGreaterThanOrEqual(changedBefore + 2);

    // A disabled webhook's delivery is not redelivered.
    const ping = await as(keyA).call<Delivery>("POST", `/webhooks/${hook.id}/ping`);
    const again = await as(keyA).call<{ error: { message: string } }>(
      "POST",
      `/webhooks/${hook.id}/deliveries/${ping.body.id}/redeliver`,
    );
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/disabled/);

    expect((await as(keyA).call("DELETE", `/webhooks/${hook.id}`)).status).toBe(200);
    expect((await as(keyA).call("GET", `/webhooks/${hook.id}`)).status).toBe(404);
    expect(await h.deps.db.system.webhookDelivery.count({ where: { webhookId: hook.id } })).toBe(0);
  });

  it("answers 503 with the reason when a redelivery cannot reach Temporal", async () => {
    const hook = await create(keyA, { url: receiver.url("/later"), events: ["*"] });
    const ping = await as(keyA).call<Delivery>("POST", `/webhooks/${hook.id}/ping`);
    const saved = h.deps.temporal;
    h.deps.temporal = {
      taskQueue: saved.taskQueue,
      get: () => Promise.reject(new Error("Temporal is not reachable at 127.0.0.1:1: connection refused")),
      close: async () => undefined,
    };
    try {
      const r = await as(keyA).call<{ error: { message: string } }>(
        "POST",
        `/webhooks/${hook.id}/deliveries/${ping.body.id}/redeliver`,
      );
      expect(r.status).toBe(503);
      expect(r.body.error.message).toMatch(/Redelivery is not available right now: Temporal is not reachable/);
    } finally {
      h.deps.temporal = saved;
    }
  });

  it("hides every webhook and delivery of another tenant: 404, and nothing changes", async () => {
    const hook = await create(keyA, { url: receiver.url("/mine"), events: ["*"] });
    const ping = await as(keyA).call<Delivery>("POST", `/webhooks/${hook.id}/ping`);
    const other = await create(keyB, { url: receiver.url("/theirs"), events: ["*"] });
    const b = as(keyB);
    const sent = receiver.counts.received;
    for (const [method, path, body] of [
      ["GET", `/webhooks/${hook.id}`],
      ["PATCH", `/webhooks/${hook.id}`, { url: receiver.url("/stolen") }],
      ["DELETE", `/webhooks/${hook.id}`],
      ["POST", `/webhooks/${hook.id}/rotate-secret`],
      ["POST", `/webhooks/${hook.id}/ping`],
      ["GET", `/webhooks/${hook.id}/deliveries`],
      ["GET", `/webhooks/${hook.id}/deliveries/${ping.body.id}`],
      ["POST", `/webhooks/${hook.id}/deliveries/${ping.body.id}/redeliver`],
      // B's own webhook with A's delivery.
      ["GET", `/webhooks/${other.id}/deliveries/${ping.body.id}`],
      ["POST", `/webhooks/${other.id}/deliveries/${ping.body.id}/redeliver`],
    ] as const) {
      const r = await b.call<{ error: { code: string } }>(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    expect(receiver.counts.received).toBe(sent);
    const list = await b.call<Page<Webhook>>("GET", "/webhooks");
    expect(list.body.data.map((w) => w.id)).toEqual([other.id]);
    const mine = await as(keyA).call<Webhook>("GET", `/webhooks/${hook.id}`);
    expect(mine.body).toMatchObject({ url: receiver.url("/mine"), enabled: true });
    const row = await h.deps.db.system.webhook.findUniqueOrThrow({ where: { id: hook.id } });
    expect(h.deps.secrets.open(row.secretEncrypted)).toBe(hook.secret);
  });
});
