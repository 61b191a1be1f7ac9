import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import { getSettings } from "./get-settings.ts";
import { sendTestInput, updateSettingsInput } from "./schemas.ts";
import { sendTest } from "./send-test.ts";
import { updateSettings } from "./update-settings.ts";

const tag = "Notifications";

/** The tenant's delivery providers (Resend, Twilio, Slack) and per-channel rate limits. */
export const notificationSettingsOperations = {
  get: defineOperation({
    method: "GET",
    path: "/notification-settings",
    tag,
    summary: "Notification providers and rate limits",
    description:
      "Which providers are configured, with their non-secret fields (sender, account SID); secrets are never returned, " +
      "only whether they are set. Rate limits are notifications per minute per channel, the platform default where not set.",
    access: "tenant",
    roles: TENANT_ADMIN,
    handler: ({ ctx }) => getSettings(ctx),
  }),
  update: defineOperation({
    method: "PUT",
    path: "/notification-settings",
    tag,
    summary: "Configure notification providers and rate limits",
    description:
      "Each provider given replaces the stored one; a secret left out keeps the stored secret, `null` removes the " +
      "provider, a provider left out stays. Secrets are encrypted (AES-256-GCM, key from SECRETS_KEY) before they " +
      "are stored. `rateLimits`: per channel, `null` goes back to the default.",
    access: "tenant",
    roles: TENANT_ADMIN,
    body: updateSettingsInput,
    example: {
      providers: { EMAIL: { from: "Alerts <alerts@example.com>", apiKey: "re_123456789" } },
      rateLimits: { SMS: 10 },
    },
    handler: ({ ctx, body }) => updateSettings(ctx, body),
  }),
  test: defineOperation({
    method: "POST",
    path: "/notification-settings/test",
    tag,
    summary: "Send a test message on one channel",
    description:
      "Through the same path as every notification (the workers and the provider), to `to` (an email address, " +
      "an E.164 number, a Slack channel or a URL; in-app goes to the caller's own inbox). Waits up to 20 s for " +
      "the provider's answer: `delivery` has the status, the provider's response or the error; `settled: false` " +
      "when it is still being sent. 503 when the workers cannot be reached.",
    access: "tenant",
    roles: TENANT_ADMIN,
    body: sendTestInput,
    example: { channel: "EMAIL", to: "me@example.com" },
    successStatus: 200,
    handler: ({ ctx, body }) => sendTest(ctx, body),
  }),
};
