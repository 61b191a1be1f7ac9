import { z } from "zod";
import { defineNode } from "../node.ts";
import {
  addressesFor,
  addressPattern,
  bodyText,
  checkAddresses,
  notificationFor,
  sentOn,
  subjectText,
} from "./notification-shared.ts";

export const sendEmail = defineNode({
  type: "external.email",
  category: "external",
  title: "Send email",
  description:
    "Emails the addresses (comma-separated; ${metadataKey} and $[dataKey] fill them from the message) through the tenant's email provider, then sends the message to Success with notificationRequestId in its metadata. Subject and text take ${placeholders}: metadata keys (${deviceName}) and the data (${data.temperature}). Sent by the notification center: retried, rate-limited and logged per recipient; a redelivered message sends nothing twice.",
  config: z.object({
    to: addressPattern.default("${ownerEmail}"),
    subject: subjectText.default("${deviceName}: ${msgType}"),
    body: bodyText(50_000).default("Temperature ${data.temperature} on ${deviceName}"),
  }),
  relations: ["Success"],
  run: async (message, config, { services, chainId, nodeId }) => {
    const to = checkAddresses(addressesFor(config.to, message), z.email(), "an email address");
    const { requestId } = await services.notifications.send(
      notificationFor(
        message,
        { chainId, nodeId },
        {
          content: { subject: config.subject, body: config.body },
          channels: ["EMAIL"],
          recipients: { EMAIL: to },
        },
      ),
    );
    return sentOn(message, requestId);
  },
});
