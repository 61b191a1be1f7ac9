/** The path the SMS channel gives Twilio as `StatusCallback` for one delivery (after the public URL). */
export const twilioStatusPath = (tenantId: string, deliveryId: string) =>
  `/api/v1/providers/twilio/status/${tenantId}/${deliveryId}`;

/** The path to enter as the endpoint of the tenant's Resend webhook (after the public URL). */
export const resendEventsPath = (tenantId: string) => `/api/v1/providers/resend/events/${tenantId}`;
