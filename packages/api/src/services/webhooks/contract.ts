// The integrator webhook contract, shared by the API (CRUD, ping) and the workers (dispatch, retries) and
// usable by any receiver written in TypeScript (tests, bench/notify): `@industryos/api/webhooks`.
export {
  ALL_WEBHOOK_EVENTS,
  subscribes,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_MAX_CONSECUTIVE_FAILURES,
  WEBHOOK_PING_EVENT,
  WEBHOOKS_CHANGED_CHANNEL,
  type WebhookEventBody,
  type WebhookEventType,
} from "./events.ts";
export { generateWebhookSecret, signWebhookBody, verifyWebhookSignature } from "./signature.ts";
export { webhookPayload } from "./body.ts";
export {
  attemptDelivery,
  deliveryHeaders,
  WEBHOOK_USER_AGENT,
  type AttemptResult,
  type DeliveryToSend,
} from "./attempt.ts";
