import { z } from "zod";
import { defineNode } from "../node.ts";
import { NOTIFICATION_CHANNELS } from "../services.ts";
import { bodyText, notificationFor, sentOn } from "./notification-shared.ts";

const uuid = z.uuid("Pick one from the list");

export const notify = defineNode({
  type: "action.notify",
  category: "action",
  title: "Notify",
  description:
    "Sends a notification to notification targets (platform users in-app and by email, email addresses, phone numbers, Slack channels, webhooks): a template of the notification center, or a subject and text written here, with ${placeholders} filled from the message (${deviceName}, ${data.temperature}). Then sends the message to Success with notificationRequestId in its metadata. Retried, rate-limited and logged per recipient; a redelivered message sends nothing twice.",
  config: z
    .object({
      targetIds: z.array(uuid).min(1, "Pick at least one target").max(50),
      templateId: uuid.optional(),
      subject: z.string().trim().max(500).optional(),
      text: bodyText(20_000).optional(),
      /** Narrows the channels (a template's, or each target's own for text); none listed: all of them. */
      channels: z.array(z.enum(NOTIFICATION_CHANNELS)).max(NOTIFICATION_CHANNELS.length).optional(),
    })
    .refine((c) => (c.templateId === undefined) !== (c.text === undefined), {
      message: "Choose a template or write the text (one of them)",
      path: ["text"],
    }),
  relations: ["Success"],
  run: async (message, config, { services, chainId, nodeId }) => {
    const { requestId } = await services.notifications.send(
      notificationFor(
        message,
        { chainId, nodeId },
        {
          targetIds: config.targetIds,
          ...(config.templateId ? { templateId: config.templateId } : {}),
          ...(config.text
            ? { content: { ...(config.subject ? { subject: config.subject } : {}), body: config.text } }
            : {}),
          ...(config.channels?.length ? { channels: config.channels } : {}),
        },
      ),
    );
    return sentOn(message, requestId);
  },
});
