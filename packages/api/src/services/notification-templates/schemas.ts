import { z } from "zod";
import { pagingInput } from "../shared/paging.ts";

/** Where a notification can go, as the database names the channels. */
export const NOTIFICATION_CHANNELS = ["IN_APP", "EMAIL", "SMS", "SLACK", "WEBHOOK"] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** The kind of event a template is written for: its placeholders depend on it. */
export const NOTIFICATION_TYPES = [
  "ALARM",
  "ALARM_UNACKNOWLEDGED",
  "DEVICE_INACTIVITY",
  "ENTITY_ACTION",
  "RULE_NODE",
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

const subject = z.string().trim().min(1, "Write a subject").max(500);
const body = (max: number) => z.string().trim().min(1, "Write the text").max(max, `At most ${max} characters`);

/**
 * The text of each channel the template sends on, with `${placeholders}` (`${alarmType}`,
 * `${data.temperature}`, ...). Email and in-app have a subject; an SMS is one body of at most 1,600
 * characters (Twilio's limit); Slack a message in Slack's mrkdwn; a webhook a subject and text in its JSON body.
 */
export const templateChannels = z
  .object({
    IN_APP: z.object({ subject, body: body(5_000) }),
    EMAIL: z.object({ subject, body: body(50_000) }),
    SMS: z.object({ body: body(1_600) }),
    SLACK: z.object({ body: body(40_000) }),
    WEBHOOK: z.object({ subject: subject.optional(), body: body(50_000) }),
  })
  .partial()
  .refine((channels) => Object.values(channels).some(Boolean), "Write the text of at least one channel");

export type TemplateChannels = z.output<typeof templateChannels>;
/** One channel's text (a subject where the channel has one). */
export interface ChannelText {
  subject?: string;
  body: string;
}

const templateName = z.string().trim().min(1, "Name the template").max(255);

export const createTemplateInput = z.object({
  name: templateName,
  notificationType: z.enum(NOTIFICATION_TYPES),
  channels: templateChannels,
});

export const updateTemplateInput = createTemplateInput.partial();

export const listTemplatesInput = pagingInput.extend({
  search: z.string().trim().max(255).optional(),
  notificationType: z.enum(NOTIFICATION_TYPES).optional(),
});

/** Fields of an event, as placeholders read them (nested objects by dotted path: `${data.temperature}`). */
export const eventFields = z.record(z.string(), z.unknown());

export const previewTemplateInput = z.object({
  notificationType: z.enum(NOTIFICATION_TYPES),
  channels: templateChannels,
  /** The event to fill the placeholders from; a typical event of `notificationType` when left out. */
  sample: eventFields.optional(),
});
