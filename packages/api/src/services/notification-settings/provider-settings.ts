import type { SecretBox } from "@industryos/runtime";
import type { z } from "zod";
import { ApiError } from "../../errors.ts";
import type { updateSettingsInput } from "./schemas.ts";

/** What the settings row's `providers` column holds: secrets sealed with the secret box. */
export interface StoredProviders {
  /** webhookSecret: Resend's signing secret (`whsec_...`) of the webhook that reports deliveries. */
  EMAIL?: { from: string; apiKey: string; webhookSecret?: string };
  SMS?: { accountSid: string; from: string; authToken: string };
  SLACK?: { botToken: string };
}

/** The same, opened: what the workers hand the providers' SDKs. Never leaves the process. */
export type OpenedProviders = StoredProviders;

type ProvidersInput = NonNullable<z.infer<typeof updateSettingsInput>["providers"]>;

const missingSecret = (provider: string, field: string, what: string) =>
  new ApiError("VALIDATION_FAILED", `Enter the ${what}`, [
    { path: ["providers", provider, field], message: `Enter the ${what}` },
  ]);

/**
 * The providers after a change: given ones replaced (a secret left out keeps the stored one, and a
 * provider configured for the first time must bring its secret), `null` removed, others unchanged.
 */
export function sealProviders(box: SecretBox, input: ProvidersInput, previous: StoredProviders): StoredProviders {
  const next: StoredProviders = { ...previous };
  if (input.EMAIL === null) delete next.EMAIL;
  else if (input.EMAIL) {
    const apiKey = input.EMAIL.apiKey ? box.seal(input.EMAIL.apiKey) : previous.EMAIL?.apiKey;
    if (!apiKey) throw missingSecret("EMAIL", "apiKey", "Resend API key");
    const webhookSecret = input.EMAIL.webhookSecret
      ? box.seal(input.EMAIL.webhookSecret)
      : previous.EMAIL?.webhookSecret;
    next.EMAIL = { from: input.EMAIL.from, apiKey, ...(webhookSecret ? { webhookSecret } : {}) };
  }
  if (input.SMS === null) delete next.SMS;
  else if (input.SMS) {
    const authToken = input.SMS.authToken ? box.seal(input.SMS.authToken) : previous.SMS?.authToken;
    if (!authToken) throw missingSecret("SMS", "authToken", "Twilio auth token");
    next.SMS = { accountSid: input.SMS.accountSid, from: input.SMS.from, authToken };
  }
  if (input.SLACK === null) delete next.SLACK;
  else if (input.SLACK) {
    const botToken = input.SLACK.botToken ? box.seal(input.SLACK.botToken) : previous.SLACK?.botToken;
    if (!botToken) throw missingSecret("SLACK", "botToken", "Slack bot token");
    next.SLACK = { botToken };
  }
  return next;
}

/** The email provider with each of its secrets passed through `convert` (opened or re-sealed). */
function convertEmailSecrets(email: NonNullable<StoredProviders["EMAIL"]>, convert: (sealed: string) => string) {
  return {
    ...email,
    apiKey: convert(email.apiKey),
    ...(email.webhookSecret ? { webhookSecret: convert(email.webhookSecret) } : {}),
  };
}

/** Opens the stored secrets for a delivery (a key rotated away without its old key listed throws). */
export function openProviders(box: SecretBox, stored: unknown): OpenedProviders {
  const providers = (stored ?? {}) as StoredProviders;
  return {
    ...(providers.EMAIL ? { EMAIL: convertEmailSecrets(providers.EMAIL, (s) => box.open(s)) } : {}),
    ...(providers.SMS ? { SMS: { ...providers.SMS, authToken: box.open(providers.SMS.authToken) } } : {}),
    ...(providers.SLACK ? { SLACK: { botToken: box.open(providers.SLACK.botToken) } } : {}),
  };
}

/**
 * The stored providers with every secret sealed under a previous key re-sealed under the current one
 * (SECRETS_KEY rotated, the old key in SECRETS_PREVIOUS_KEYS); null when none needed it. The workers
 * write it back as they use the settings, so the old key can be dropped once every tenant sent once.
 */
export function rotateProviders(box: SecretBox, stored: unknown): StoredProviders | null {
  const providers = (stored ?? {}) as StoredProviders;
  const sealed = [
    providers.EMAIL?.apiKey,
    providers.EMAIL?.webhookSecret,
    providers.SMS?.authToken,
    providers.SLACK?.botToken,
  ].filter((s): s is string => typeof s === "string");
  if (!sealed.some((s) => box.needsRotation(s))) return null;
  return {
    ...(providers.EMAIL ? { EMAIL: convertEmailSecrets(providers.EMAIL, (s) => box.rotate(s)) } : {}),
    ...(providers.SMS ? { SMS: { ...providers.SMS, authToken: box.rotate(providers.SMS.authToken) } } : {}),
    ...(providers.SLACK ? { SLACK: { botToken: box.rotate(providers.SLACK.botToken) } } : {}),
  };
}

/**
 * Which providers are configured and their non-secret fields; never a secret, not even sealed.
 * `platformEmail`: the platform's own Resend key (RESEND_API_KEY) sends a tenant's email when it set none.
 */
export function providersView(stored: unknown, platformEmail: boolean) {
  const providers = (stored ?? {}) as StoredProviders;
  return {
    EMAIL: providers.EMAIL
      ? {
          configured: true,
          from: providers.EMAIL.from,
          apiKeySet: true,
          webhookSecretSet: providers.EMAIL.webhookSecret !== undefined,
        }
      : { configured: false, usesPlatformDefault: platformEmail },
    SMS: providers.SMS
      ? { configured: true, accountSid: providers.SMS.accountSid, from: providers.SMS.from, authTokenSet: true }
      : { configured: false },
    SLACK: providers.SLACK ? { configured: true, botTokenSet: true } : { configured: false },
    IN_APP: { configured: true },
    WEBHOOK: { configured: true },
  };
}
