import { z } from "zod";
import { defineNode } from "../node.ts";
import {
  addressesFor,
  addressPattern,
  bodyText,
  checkAddresses,
  notificationFor,
  sentOn,
} from "./notification-shared.ts";

const slackChannel = z.string().regex(/^(#?[a-z0-9][a-z0-9_-]{0,79}|[CGD][A-Z0-9]{6,20})$/);

export const sendSlack = defineNode({
  type: "external.slack",
  category: "external",
  title: "Send Slack message",
  description:
    "Posts to Slack channels (names such as #alerts or channel ids, comma-separated) with the tenant's Slack bot, then sends the message to Success with notificationRequestId in its metadata. The text takes ${placeholders} (${deviceName}, ${data.temperature}) and Slack's mrkdwn. Sent by the notification center: retried, rate-limited and logged per channel; a redelivered message posts nothing twice.",
  config: z.object({
    channel: addressPattern.default("#alerts"),
    text: bodyText(40_000).default("*${deviceName}*: temperature ${data.temperature}"),
  }),
  relations: ["Success"],
  run: async (message, config, { services, chainId, nodeId }) => {
    const channels = checkAddresses(
      addressesFor(config.channel, message),
      slackChannel,
      "a Slack channel (#alerts or an id)",
    ).map((c) => (/^[CGD][A-Z0-9]{6,20}$/.test(c) || c.startsWith("#") ? c : `#${c}`));
    const { requestId } = await services.notifications.send(
      notificationFor(
        message,
        { chainId, nodeId },
        {
          content: { body: config.text },
          channels: ["SLACK"],
          recipients: { SLACK: channels },
        },
      ),
    );
    return sentOn(message, requestId);
  },
});
