import { createSecretBox, generateSecretKey, type SecretBox } from "@industryos/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resealSecrets } from "../src/index.ts";
import { openHeaders } from "../src/notifications.ts";
import { openProviders } from "../src/services/notification-settings/provider-settings.ts";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../src/testing/webhook-receiver.ts";

// SECRETS_KEY rotated as the README says: the new key set with the old one in SECRETS_PREVIOUS_KEYS, every
// sealed column re-sealed, then the old key removed. Whatever was sealed before must still open and sign.
const oldKey = generateSecretKey();
const newKey = generateSecretKey();
/** The key the API runs with, swapped as a deployment restarts its processes with new settings. */
let box: SecretBox = createSecretBox(oldKey);
const secrets: SecretBox = {
  seal: (plain) => box.seal(plain),
  open: (sealed) => box.open(sealed),
  needsRotation: (sealed) => box.needsRotation(sealed),
  rotate: (sealed) => box.rotate(sealed),
};

let h: ApiHarness;
let receiver: WebhookReceiver;
let admin: { cookie: string; tenantId: string };

beforeAll(async () => {
  h = await startApiHarness({ secrets, webhooks: { allowPrivateNetworks: true } });
  receiver = await startWebhookReceiver({ answer: () => 200 });
  admin = await h.signup("rotation");
});
afterAll(async () => {
  await receiver?.close();
  await h?.close();
});

const call = <T>(method: string, path: string, body?: unknown) =>
  h.call<T>(method, `/api/v1${path}`, { cookie: admin.cookie, body });

describe("rotating SECRETS_KEY", () => {
  it("re-seals webhook secrets, target headers and provider secrets, so the old key can be removed", async () => {
    const hook = await call<{ id: string; secret: string }>("POST", "/webhooks", {
      url: receiver.url("/rotated"),
      events: ["telemetry"],
    });
    expect(hook.status).toBe(201);
    receiver.secrets.set("/rotated", hook.body.secret);
    const target = await call<{ id: string }>("POST", "/notification-targets", {
      name: "On-call hook",
      type: "WEBHOOK",
      configuration: { url: receiver.url("/target"), headers: { Authorization: "Bearer on-call-token" } },
    });
    expect(target.status).toBe(201);
    const settings = await call("PUT", "/notification-settings", {
      providers: { SLACK: { botToken: "xoxb-before-rotation" } },
    });
    expect(settings.status).toBe(200);

    // New key, old key still listed: the pass re-seals each value once; a second pass finds nothing.
    box = createSecretBox(newKey, [oldKey]);
    expect(await resealSecrets(h.deps.db, box)).toEqual({
      resealed: { providers: 1, webhookSecrets: 1, targetHeaders: 1 },
      remaining: 0,
    });
    expect(await resealSecrets(h.deps.db, box)).toEqual({
      resealed: { providers: 0, webhookSecrets: 0, targetHeaders: 0 },
      remaining: 0,
    });

    // The old key removed.
    box = createSecretBox(newKey);
    const pinged = await call<{ status: string }>("POST", `/webhooks/${hook.body.id}/ping`);
    expect(pinged.body.status).toBe("SUCCEEDED");
    const got = receiver.deliveries.filter((d) => d.path === "/rotated");
    expect(got).toHaveLength(1);
    expect(got[0]!.signatureValid).toBe(true);

    const row = await h.deps.db.system.notificationTarget.findUniqueOrThrow({ where: { id: target.body.id } });
    const stored = row.configuration as { url: string; headers: Record<string, string> };
    expect(stored.url).toBe(receiver.url("/target"));
    expect(openHeaders(box, stored.headers)).toEqual({ Authorization: "Bearer on-call-token" });
    const providers = await h.deps.db.system.notificationSettings.findUniqueOrThrow({
      where: { tenantId: admin.tenantId },
    });
    expect(openProviders(box, providers.providers)).toEqual({ SLACK: { botToken: "xoxb-before-rotation" } });
  });

  it("leaves a value it cannot open (its key already removed) for the remaining count, touching nothing", async () => {
    const lost = createSecretBox(generateSecretKey()).seal("whsec_sealed_under_a_lost_key");
    const hook = await call<{ id: string }>("POST", "/webhooks", { url: receiver.url("/lost"), events: ["telemetry"] });
    await h.deps.db.system.webhook.update({ where: { id: hook.body.id }, data: { secretEncrypted: lost } });
    expect(await resealSecrets(h.deps.db, box)).toEqual({
      resealed: { providers: 0, webhookSecrets: 0, targetHeaders: 0 },
      remaining: 1,
    });
    const row = await h.deps.db.system.webhook.findUniqueOrThrow({ where: { id: hook.body.id } });
    expect(row.secretEncrypted).toBe(lost);
  });
});
