/** What an integrator can subscribe a webhook to; `"*"` subscribes to all of them. */
export const WEBHOOK_EVENT_TYPES = [
  "telemetry",
  "attributes",
  "device.created",
  "device.updated",
  "device.deleted",
  "device.connected",
  "device.disconnected",
  "alarm.created",
  "alarm.updated",
  "alarm.acknowledged",
  "alarm.cleared",
  "rpc.completed",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Every event, present and future. */
export const ALL_WEBHOOK_EVENTS = "*";

/** The test event of `POST /webhooks/{id}/ping` ("send test event"); no subscription needed. */
export const WEBHOOK_PING_EVENT = "ping";

/** The body of every delivery. `id` is the event's (one event reaches each subscribed webhook with the same id). */
export interface WebhookEventBody {
  id: string;
  type: WebhookEventType | typeof WEBHOOK_PING_EVENT;
  tenantId: string;
  /** ISO 8601, when the event happened. */
  createdAt: string;
  data: unknown;
}

/** Whether a webhook subscribed to `events` receives events of `type`. */
export const subscribes = (events: readonly string[], type: string) =>
  events.includes(ALL_WEBHOOK_EVENTS) || events.includes(type);

/**
 * Published (`{tenantId}`) whenever a tenant's webhooks change: the workers' dispatchers drop
 * that tenant's cached subscriptions.
 */
export const WEBHOOKS_CHANGED_CHANNEL = "webhooks:changed";

/**
 * After this many failed deliveries in a row a webhook is disabled and the tenant's admins told. A delivery has failed
 * once it gave up (its retries ran out of their 24 hours); its failed attempts before then do not count.
 */
export const WEBHOOK_MAX_CONSECUTIVE_FAILURES = 20;
