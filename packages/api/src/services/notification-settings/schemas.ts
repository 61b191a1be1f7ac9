import { z } from "zod";
import { e164PhoneNumber } from "../notification-targets/schemas.ts";
import { NOTIFICATION_CHANNELS } from "../notification-templates/schemas.ts";

const secret = (what: string) => z.string().trim().min(1, `Enter the ${what}`).max(512);

/** Resend: the sender (`Name <address>` or an address of a verified domain) and the API key (`re_...`). */
export const emailProviderInput = z.object({
  from: z.string().trim().min(3, "Enter the sender address").max(320),
  /** Left out: the stored key stays. */
  apiKey: secret("API key").optional(),
  /** The signing secret (`whsec_...`) of the Resend webhook that reports deliveries; left out: the stored one stays. */
  webhookSecret: secret("webhook signing secret").optional(),
});

/** Twilio: the account SID, the sending number (E.164) or messaging service SID, and the auth token. */
export const smsProviderInput = z.object({
  accountSid: z
    .string()
    .trim()
    .regex(/^AC[0-9a-fA-F]{32}$/, "A Twilio account SID starts with AC and has 32 hexadecimal digits"),
  from: z.union([
    e164PhoneNumber,
    z.string().regex(/^MG[0-9a-fA-F]{32}$/, "Use a number in E.164 form or a messaging service SID (MG...)"),
  ]),
  /** Left out: the stored token stays. */
  authToken: secret("auth token").optional(),
});

/** Slack: a bot token (`xoxb-...`) of an app installed in the workspace, with `chat:write`. */
export const slackProviderInput = z.object({
  /** Left out: the stored token stays. */
  botToken: secret("bot token").optional(),
});

const perMinute = z.number().int("Use a whole number").min(1, "At least 1").max(100_000, "At most 100,000");

/**
 * A change: each provider given is replaced (its secret kept when left out), `null` removes it,
 * one left out stays as it is. Rate limits likewise per channel (`null`: back to the platform default).
 */
export const updateSettingsInput = z.object({
  providers: z
    .object({
      EMAIL: emailProviderInput.nullable(),
      SMS: smsProviderInput.nullable(),
      SLACK: slackProviderInput.nullable(),
    })
    .partial()
    .optional(),
  rateLimits: z.partialRecord(z.enum(NOTIFICATION_CHANNELS), perMinute.nullable()).optional(),
});

export const sendTestInput = z.object({
  channel: z.enum(NOTIFICATION_CHANNELS),
  /**
   * An email address, a phone number (E.164), a Slack channel or a URL, as the channel takes;
   * ignored for IN_APP, which goes to the caller's own inbox.
   */
  to: z.string().trim().max(2048).optional(),
});
