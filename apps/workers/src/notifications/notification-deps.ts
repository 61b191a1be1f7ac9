import type { DatabaseClients } from "@industryos/db";
import type { Logger, RedisClient, SecretBox } from "@industryos/runtime";

/** Where the providers' APIs are (their own hosts unless configured; local fakes in tests). */
export interface ProviderEndpoints {
  /** RESEND_BASE_URL; Resend's own API when absent. */
  resendBaseUrl?: string;
  /** TWILIO_API_URL: what replaces https://api.twilio.com in the SDK's requests. */
  twilioApiUrl?: string;
  /** SLACK_API_URL: the WebClient's `slackApiUrl`. */
  slackApiUrl?: string;
  /**
   * WEB_PUBLIC_URL: where Twilio posts each SMS's status (the web app's provider callbacks). Absent: no
   * status callback is asked for, and SMS deliveries stay SENT.
   */
  publicUrl?: string;
}

/** What notification delivery needs of the workers process. */
export interface NotificationDeps {
  db: DatabaseClients;
  /** Rate-limit windows and the users' notification channels (in-app). */
  redis: RedisClient;
  /** Opens the providers' secrets and webhook targets' headers (SECRETS_KEY). */
  secrets: SecretBox;
  logger: Logger;
  endpoints: ProviderEndpoints;
  /**
   * The platform's own Resend account (RESEND_API_KEY, EMAIL_FROM): sends a tenant's email when the
   * tenant configured no email provider. Absent: such email fails with "not configured".
   */
  platformEmail?: { apiKey: string; from: string };
  /** WEBHOOKS_ALLOW_PRIVATE_NETWORKS: notification webhooks follow the integrator webhooks' rule. */
  allowPrivateNetworks: boolean;
  /** Per-provider request deadline (default 10 s). */
  timeoutMs?: number;
}
