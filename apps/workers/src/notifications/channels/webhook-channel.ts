import { createOutboundClient, OutboundRefusal, type OutboundClient } from "@industryos/outbound-http";
import { failureFor, PermanentDeliveryError, type ChannelSender } from "./channel.ts";

/** The first part of an answer kept in the log. */
const ANSWER_CHARS = 500;

/**
 * A notification POSTed as JSON to a webhook target's URL, with the target's headers, through the
 * outbound guard (link-local always refused, private addresses only when
 * WEBHOOKS_ALLOW_PRIVATE_NETWORKS). `IndustryOS-Delivery` stays the same across retries: a receiver
 * that keys on it sees each notification once even when an unsure attempt is repeated.
 */
export function createWebhookChannel(options: { allowPrivateNetworks: boolean; timeoutMs: number }): ChannelSender & {
  close(): void;
} {
  const client: OutboundClient = createOutboundClient({
    allowPrivateNetworks: options.allowPrivateNetworks,
    timeoutMs: options.timeoutMs,
    keepAlive: true,
  });
  return {
    confirmsDelivery: true,
    async send(message) {
      const body = JSON.stringify({
        type: "notification",
        deliveryId: message.deliveryId,
        requestId: message.requestId,
        tenantId: message.tenantId,
        notificationType: message.notificationType,
        subject: message.content.subject ?? null,
        text: message.content.body,
        info: message.info,
      });
      let answer;
      try {
        answer = await client.send({
          url: message.recipient,
          method: "POST",
          headers: {
            ...message.headers,
            "content-type": "application/json",
            "IndustryOS-Event": "notification",
            "IndustryOS-Delivery": message.deliveryId,
          },
          body,
        });
      } catch (error) {
        if (error instanceof OutboundRefusal) throw new PermanentDeliveryError(error.message);
        throw error;
      }
      const logged = {
        provider: "webhook",
        status: answer.status,
        body: answer.body.slice(0, ANSWER_CHARS),
        durationMs: Math.round(answer.durationMs),
      };
      if (answer.status < 200 || answer.status > 299)
        throw failureFor(answer.status, `${message.recipient} answered ${answer.status}`, logged);
      return logged;
    },
    close: () => client.close(),
  };
}
