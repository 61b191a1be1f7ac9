import type { DatabaseClients } from "@industryos/db";
import type { SecretBox } from "@industryos/runtime";
import { rotateProviders, type StoredProviders } from "../services/notification-settings/provider-settings.ts";

/** How many sealed values a pass re-sealed under the current key, per place they live. */
export interface ResealCounts {
  /** NotificationSettings.providers rows (Resend key, Twilio token, Slack token). */
  providers: number;
  /** Webhook.secretEncrypted: integrators' signing secrets. */
  webhookSecrets: number;
  /** NotificationTarget.configuration.headers of WEBHOOK targets (header values, sealed one by one). */
  targetHeaders: number;
}

export interface ResealResult {
  resealed: ResealCounts;
  /** Values still under a previous key after the pass (changed meanwhile, or unreadable): run again before removing it. */
  remaining: number;
}

type Headers = Record<string, string>;

/** Null when the value does not open (sealed under a key no longer configured): left for `remaining`. */
function attempt<T>(run: () => T): T | null {
  try {
    return run();
  } catch {
    return null;
  }
}

const providerSecrets = (stored: unknown) => {
  const p = (stored ?? {}) as StoredProviders;
  return [p.EMAIL?.apiKey, p.EMAIL?.webhookSecret, p.SMS?.authToken, p.SLACK?.botToken].filter(
    (s): s is string => typeof s === "string",
  );
};

const headersOf = (configuration: unknown): Headers | null => {
  const headers = (configuration as { headers?: unknown } | null)?.headers;
  return headers && typeof headers === "object" ? (headers as Headers) : null;
};

/**
 * Every column the secret box seals, re-sealed under the current SECRETS_KEY: provider secrets, webhook signing
 * secrets and webhook targets' header values. After SECRETS_KEY was rotated (the old key moved to
 * SECRETS_PREVIOUS_KEYS) the workers run this at start; once it reports nothing remaining, and every process runs
 * with the new key, the previous key can be removed. Across tenants (the system client): it is platform
 * maintenance. Each row is written only if it has not changed since it was read, so a secret saved or rotated
 * meanwhile (sealed under the current key already) is never overwritten with an older one. Idempotent.
 */
export async function resealSecrets(db: DatabaseClients, box: SecretBox): Promise<ResealResult> {
  const resealed: ResealCounts = { providers: 0, webhookSecrets: 0, targetHeaders: 0 };
  const stale = (sealed: string) => {
    try {
      return box.needsRotation(sealed);
    } catch {
      return false; // not a sealed value: nothing to re-seal
    }
  };

  for (const row of await db.system.notificationSettings.findMany({
    select: { tenantId: true, providers: true, updatedAt: true },
  })) {
    const rotated = attempt(() => rotateProviders(box, row.providers));
    if (!rotated) continue;
    const { count } = await db.system.notificationSettings.updateMany({
      where: { tenantId: row.tenantId, updatedAt: row.updatedAt },
      data: { providers: rotated as never },
    });
    resealed.providers += count;
  }

  for (const row of await db.system.webhook.findMany({ select: { id: true, secretEncrypted: true } })) {
    const rotated = stale(row.secretEncrypted) && attempt(() => box.rotate(row.secretEncrypted));
    if (!rotated) continue;
    const { count } = await db.system.webhook.updateMany({
      where: { id: row.id, secretEncrypted: row.secretEncrypted },
      data: { secretEncrypted: rotated },
    });
    resealed.webhookSecrets += count;
  }

  const targets = () =>
    db.system.notificationTarget.findMany({
      where: { type: "WEBHOOK" },
      select: { id: true, configuration: true, updatedAt: true },
    });
  for (const row of await targets()) {
    const headers = headersOf(row.configuration);
    if (!headers || !Object.values(headers).some(stale)) continue;
    const rotated = attempt(() =>
      Object.fromEntries(Object.entries(headers).map(([name, sealed]) => [name, box.rotate(sealed)])),
    );
    if (!rotated) continue;
    const { count } = await db.system.notificationTarget.updateMany({
      where: { id: row.id, updatedAt: row.updatedAt },
      data: { configuration: { ...(row.configuration as object), headers: rotated } },
    });
    resealed.targetHeaders += count;
  }

  // What is left under a previous key, counted afresh.
  const settings = await db.system.notificationSettings.findMany({ select: { providers: true } });
  const webhooks = await db.system.webhook.findMany({ select: { secretEncrypted: true } });
  const remaining =
    settings.filter((s) => providerSecrets(s.providers).some(stale)).length +
    webhooks.filter((w) => stale(w.secretEncrypted)).length +
    (await targets()).filter((t) => Object.values(headersOf(t.configuration) ?? {}).some(stale)).length;
  return { resealed, remaining };
}
