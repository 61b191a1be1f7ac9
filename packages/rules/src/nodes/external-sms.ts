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

const e164 = z.string().regex(/^\+[1-9]\d{7,14}$/);

export const sendSms = defineNode({
  type: "external.sms",
  category: "external",
  title: "Send SMS",
  description:
    "Texts the numbers (E.164, comma-separated; ${metadataKey} and $[dataKey] fill them from the message) through the tenant's SMS provider (Twilio), then sends the message to Success with notificationRequestId in its metadata. The text takes ${placeholders} (${deviceName}, ${data.temperature}). Sent by the notification center: retried, rate-limited and logged per recipient; a redelivered message sends nothing twice.",
  config: z.object({
    to: addressPattern.default("+14155550100"),
    body: bodyText(1_600).default("${deviceName}: temperature ${data.temperature}"),
  }),
  relations: ["Success"],
  run: async (message, config, { services, chainId, nodeId }) => {
    const to = checkAddresses(addressesFor(config.to, message), e164, "a phone number in E.164 form (+14155550100)");
    const { requestId } = await services.notifications.send(
      notificationFor(
        message,
        { chainId, nodeId },
        {
          content: { body: config.body },
          channels: ["SMS"],
          recipients: { SMS: to },
        },
      ),
    );
    return sentOn(message, requestId);
  },
});
