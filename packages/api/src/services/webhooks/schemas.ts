import { z } from "zod";
import { pagingInput, uuid } from "../shared/paging.ts";
import { ALL_WEBHOOK_EVENTS, WEBHOOK_EVENT_TYPES } from "./events.ts";

const url = z.string().trim().min(1, "Give the URL the events are posted to").max(2_048);

const events = z
  .array(
    z.enum([...WEBHOOK_EVENT_TYPES, ALL_WEBHOOK_EVENTS], {
      error: `Events are ${WEBHOOK_EVENT_TYPES.join(", ")}, or "*" for all`,
    }),
  )
  .min(1, 'Subscribe to at least one event (or "*" for all)')
  .max(WEBHOOK_EVENT_TYPES.length + 1)
  .transform((list) => [...new Set(list)]);

const description = z.string().trim().max(500).nullable();

export const createWebhookInput = z.object({
  url,
  events,
  description: description.optional(),
  enabled: z.boolean().default(true),
});

export const updateWebhookInput = z
  .object({ url, events, description, enabled: z.boolean() })
  .partial()
  .refine((input) => Object.keys(input).length > 0, "Send at least one of url, events, description, enabled");

export const listWebhooksInput = pagingInput;

export const DELIVERY_STATUSES = ["PENDING", "SUCCEEDED", "RETRYING", "FAILED"] as const;

export const listDeliveriesInput = pagingInput.extend({
  status: z.enum(DELIVERY_STATUSES).optional(),
  eventType: z.string().trim().max(64).optional(),
});

export const deliveryParams = z.object({ id: uuid, deliveryId: uuid });

export const webhookView = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  enabled: z.boolean(),
  /** Failed deliveries in a row (each given up after its retries); at 20 the webhook is disabled. */
  consecutiveFailures: z.number(),
  disabledAt: z.string().nullable(),
  /** Why it was disabled by the platform (null when a user disabled it or it is enabled). */
  disabledReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const webhookWithSecret = webhookView.extend({
  /** The signing secret, shown here once; store it now. */
  secret: z.string(),
});

export const attemptView = z.object({
  attempt: z.number(),
  statusCode: z.number().nullable(),
  durationMs: z.number(),
  error: z.string().nullable(),
  createdAt: z.string(),
});

export const deliveryView = z.object({
  id: z.string(),
  webhookId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number(),
  lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
  lastDurationMs: z.number().nullable(),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
  /** The most recent attempts first (at most 10 in a list; all of them for one delivery). */
  attemptLog: z.array(attemptView),
});

export const deliveryDetail = deliveryView.extend({
  /** The exact JSON body posted on every attempt. */
  payload: z.unknown(),
});
