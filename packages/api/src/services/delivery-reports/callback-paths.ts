/** The path the SMS channel gives Twilio as `StatusCallback` for one delivery (after the public URL). */
export const twilioStatusPath = (tenantId: string, deliveryId: string) =>
  `/api/v1/providers/twilio/status/${tenantId}/${deliveryId}`;

/** The path to enter as the endpoint of the tenant's Resend webhook (after the public URL). */
export const resendEventsPath = (tenantId: string) => `/api/v1/providers/resend/events/${tenantId}`;

/** The path to enter as the endpoint of the platform's own Resend webhook (RESEND_WEBHOOK_SECRET is its secret). */
export const resendPlatformEventsPath = "/api/v1/providers/resend/events";

/**
 * `account` in the provider answer of an email the workers sent through the platform's Resend account
 * (the tenant has no email provider): the platform's webhook may report only those.
 */
export const PLATFORM_EMAIL_ACCOUNT = "platform";
