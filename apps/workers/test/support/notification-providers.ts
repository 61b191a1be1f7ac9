import {
  startResendServer,
  startSlackServer,
  startTwilioServer,
  startWebhookReceiver,
  type ApiHarness,
} from "@industryos/api/testing";
import type { SecretBox } from "@industryos/runtime";
import type { NotificationDeps } from "../../src/notifications/notification-deps.ts";

/** The platform's own Resend account (RESEND_API_KEY, EMAIL_FROM): email of tenants without one of their own. */
const PLATFORM_EMAIL = { apiKey: "re_platform_key", from: "IndustryOS <noreply@industryos.test>" };

/** Local servers speaking Resend's (a tenant's account and the platform's), Twilio's and Slack's APIs, and a webhook receiver. */
export async function startProviders() {
  const [resend, twilio, slack, receiver] = await Promise.all([
    startResendServer("re_tenant_key", [PLATFORM_EMAIL.apiKey]),
    startTwilioServer(),
    startSlackServer(),
    startWebhookReceiver(),
  ]);
  return {
    resend,
    twilio,
    slack,
    receiver,
    endpoints: { resendBaseUrl: resend.baseUrl, twilioApiUrl: twilio.baseUrl, slackApiUrl: slack.apiUrl },
    platformEmail: PLATFORM_EMAIL,
    /** What the tenant enters in the console's notification settings for these servers. */
    settings: {
      providers: {
        EMAIL: { from: "Alerts <alerts@example.test>", apiKey: resend.apiKey },
        SMS: { accountSid: twilio.accountSid, from: "+15005550006", authToken: twilio.authToken },
        SLACK: { botToken: slack.botToken },
      },
    },
    close: () => Promise.all([resend.close(), twilio.close(), slack.close(), receiver.close()]),
  };
}

/** The settings row's `providers` for these servers, secrets sealed with `box` (for tests that write the row directly). */
export function sealedProviders(providers: Providers, box: SecretBox) {
  const { EMAIL, SMS, SLACK } = providers.settings.providers;
  return {
    EMAIL: { ...EMAIL, apiKey: box.seal(EMAIL.apiKey) },
    SMS: { ...SMS, authToken: box.seal(SMS.authToken) },
    SLACK: { botToken: box.seal(SLACK.botToken) },
  };
}

export type Providers = Awaited<ReturnType<typeof startProviders>>;

/** The workers' notification deps over the API harness's database, Redis and secret box, and the local providers. */
export function notificationDeps(h: ApiHarness, providers: Providers): NotificationDeps {
  return {
    db: h.deps.db,
    redis: h.deps.redis,
    secrets: h.deps.secrets,
    logger: h.deps.logger,
    endpoints: providers.endpoints,
    allowPrivateNetworks: true,
    timeoutMs: 5_000,
  };
}
