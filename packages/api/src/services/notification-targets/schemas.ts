import { z } from "zod";
import { pagingInput, uuid } from "../shared/paging.ts";

/** The kinds of target, as the database names them. */
export const NOTIFICATION_TARGET_TYPES = ["PLATFORM_USERS", "EMAIL", "SMS", "SLACK", "WEBHOOK"] as const;
export type NotificationTargetType = (typeof NOTIFICATION_TARGET_TYPES)[number];

/** Which of the tenant's users a PLATFORM_USERS target reaches (resolved when a notification is sent). */
export const platformUsersFilter = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ALL") }),
  z.object({ type: z.literal("TENANT_ADMINS") }),
  z.object({ type: z.literal("CUSTOMER_USERS"), customerId: uuid }),
  z.object({
    type: z.literal("USER_LIST"),
    userIds: z.array(uuid).min(1, "Pick at least one user").max(1000, "At most 1,000 users"),
  }),
]);

/** E.164: a plus, the country code and the number, 8 to 15 digits in all (what Twilio takes). */
export const e164PhoneNumber = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{7,14}$/, "Write the number in E.164 form: + country code and number, e.g. +14155550100");

/** A channel id (C0123ABCD) or name (#alerts); a bare name gets its `#`. */
export const slackChannel = z
  .string()
  .trim()
  .regex(/^(#?[a-z0-9][a-z0-9_-]{0,79}|[CGD][A-Z0-9]{6,20})$/, "Use a channel name such as #alerts or a channel id")
  .transform((name) => (/^[CGD][A-Z0-9]{6,20}$/.test(name) || name.startsWith("#") ? name : `#${name}`));

const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, "Not a valid header name");

const httpUrl = z.url({ protocol: /^https?$/, error: "Use an http or https URL" }).max(2048);

/** The configuration of each kind of target. */
export const targetConfigurations = {
  PLATFORM_USERS: z.object({ users: platformUsersFilter }),
  EMAIL: z.object({
    emails: z.array(z.email("Not an email address").max(254)).min(1, "Add at least one address").max(1000),
  }),
  SMS: z.object({ phoneNumbers: z.array(e164PhoneNumber).min(1, "Add at least one number").max(1000) }),
  SLACK: z.object({ channels: z.array(slackChannel).min(1, "Add at least one channel").max(100) }),
  WEBHOOK: z.object({
    url: httpUrl,
    /** Sent with every delivery (an Authorization header, say); stored as given. */
    headers: z.record(headerName, z.string().max(4096)).optional(),
  }),
} satisfies Record<NotificationTargetType, z.ZodType>;

export type TargetConfiguration<T extends NotificationTargetType = NotificationTargetType> = z.output<
  (typeof targetConfigurations)[T]
>;

const targetName = z.string().trim().min(1, "Name the target").max(255);
const description = z.string().trim().max(1000).nullable().optional();

const targetOf = <T extends NotificationTargetType>(type: T) =>
  z.object({ name: targetName, description, type: z.literal(type), configuration: targetConfigurations[type] });

export const createTargetInput = z.discriminatedUnion("type", [
  targetOf("PLATFORM_USERS"),
  targetOf("EMAIL"),
  targetOf("SMS"),
  targetOf("SLACK"),
  targetOf("WEBHOOK"),
]);

/**
 * A change: name and description alone, or a new configuration (checked against `type`, or the
 * target's own type when `type` is left out).
 */
export const updateTargetInput = z.object({
  name: targetName.optional(),
  description,
  type: z.enum(NOTIFICATION_TARGET_TYPES).optional(),
  configuration: z.record(z.string(), z.unknown()).optional(),
});

export const listTargetsInput = pagingInput.extend({
  search: z.string().trim().max(255).optional(),
  type: z.enum(NOTIFICATION_TARGET_TYPES).optional(),
});
