import { z } from "zod";
import { NOTIFICATION_CHANNELS } from "../notification-templates/schemas.ts";
import { eventFields } from "../notification-templates/schemas.ts";
import { pagingInput, uuid } from "../shared/paging.ts";

export const NOTIFICATION_REQUEST_STATUSES = ["PROCESSING", "SENT", "FAILED"] as const;
export const NOTIFICATION_DELIVERY_STATUSES = ["PENDING", "SENT", "DELIVERED", "FAILED", "RATE_LIMITED"] as const;

/**
 * "Send now": a template, or a subject and text written here, to targets. Placeholders in either are
 * filled from `info`. `channels` narrows where it goes (without a template: each target's own channel
 * when left out, platform users in-app).
 */
export const sendNotificationInput = z
  .object({
    targetIds: z.array(uuid).min(1, "Pick at least one target").max(50, "At most 50 targets"),
    templateId: uuid.optional(),
    subject: z.string().trim().min(1).max(500).optional(),
    text: z.string().trim().min(1, "Write the text").max(20_000).optional(),
    channels: z.array(z.enum(NOTIFICATION_CHANNELS)).min(1).optional(),
    info: eventFields.optional(),
  })
  .refine((input) => (input.templateId === undefined) !== (input.text === undefined), {
    message: "Choose a template or write the text (one of them)",
    path: ["text"],
  });

export const listRequestsInput = pagingInput.extend({
  status: z.enum(NOTIFICATION_REQUEST_STATUSES).optional(),
  ruleId: uuid.optional(),
});

export const listDeliveriesInput = pagingInput.extend({
  status: z.enum(NOTIFICATION_DELIVERY_STATUSES).optional(),
  channel: z.enum(NOTIFICATION_CHANNELS).optional(),
});
