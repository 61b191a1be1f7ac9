import { setTimeout as sleep } from "node:timers/promises";
import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { e164PhoneNumber, slackChannel } from "../notification-targets/schemas.ts";
import { storedConfiguration } from "../notification-targets/stored-configuration.ts";
import type { NotificationChannel } from "../notification-templates/schemas.ts";
import { toDeliveryView } from "../notification-requests/request-view.ts";
import { startOrTakeBack } from "../notification-requests/send-notification.ts";
import type { sendTestInput } from "./schemas.ts";

/** How long "send test" waits for the provider's answer before it answers with the delivery still pending. */
const WAIT_MS = 20_000;

/** The channel as the test message names it to a person ("your in-app notification settings"). */
const CHANNEL_WORDS: Record<NotificationChannel, string> = {
  IN_APP: "in-app",
  EMAIL: "email",
  SMS: "SMS",
  SLACK: "Slack",
  WEBHOOK: "webhook",
};

const invalidTo = (message: string) => new ApiError("VALIDATION_FAILED", message, [{ path: ["to"], message }]);

/** The recipient for the channel, checked as a target's would be. */
async function recipientFor(ctx: TenantContext, channel: NotificationChannel, to: string | undefined) {
  if (channel === "IN_APP") {
    if (!ctx.actor.userId) throw invalidTo("An API key has no inbox: send the in-app test signed in");
    return ctx.actor.userId;
  }
  if (!to) throw invalidTo("Enter where to send the test");
  const checks = {
    EMAIL: () => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(to) ? to : null),
    SMS: () => (e164PhoneNumber.safeParse(to).success ? to : null),
    SLACK: () => slackChannel.safeParse(to).data ?? null,
    WEBHOOK: () => to,
  } as const;
  const recipient = checks[channel]();
  if (!recipient)
    throw invalidTo(
      `Not a valid ${channel === "EMAIL" ? "email address" : channel === "SMS" ? "phone number (E.164)" : "Slack channel"}`,
    );
  if (channel === "WEBHOOK") {
    await storedConfiguration(ctx.deps, "WEBHOOK", { url: to }).catch((error: unknown) => {
      if (error instanceof ApiError) throw invalidTo(error.message);
      throw error;
    });
  }
  return recipient;
}

/**
 * Sends a test message on one channel through the same path as every notification (a request, its
 * workflow, the provider), and waits for the provider's answer: the delivery with its status, the
 * provider's response or the error in words. 503 when the workers cannot be reached.
 */
export async function sendTest(ctx: TenantContext, input: z.infer<typeof sendTestInput>) {
  const recipient = await recipientFor(ctx, input.channel, input.to);
  const request = await startOrTakeBack(ctx, {
    info: { sentBy: ctx.actor.email ?? "API" },
    delivery: {
      content: {
        subject: "Test notification from IndustryOS",
        body: `This is a test of your ${CHANNEL_WORDS[input.channel]} notification settings, sent by \${sentBy}.`,
      },
      channels: [input.channel],
      recipients: { [input.channel]: [recipient] },
    },
  });
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const delivery = await ctx.db.notificationDelivery.findFirst({ where: { requestId: request.id } });
    const settled = delivery && delivery.status !== "PENDING";
    if (settled || Date.now() > deadline)
      return { requestId: request.id, delivery: delivery ? toDeliveryView(delivery) : null, settled: Boolean(settled) };
    await sleep(250);
  }
}
