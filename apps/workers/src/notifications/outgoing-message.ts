import {
  openHeaders,
  renderText,
  splitInfo,
  type ChannelText,
  type NotificationChannel,
  type TemplateChannels,
} from "@industryos/api/notifications";
import type { TenantClient } from "@industryos/db";
import type { SecretBox } from "@industryos/runtime";
import { PermanentDeliveryError, type OutgoingMessage } from "./channels/channel.ts";

/** A delivery row with its request, template and rule, as the delivery activity reads it. */
export interface DeliveryWithRequest {
  id: string;
  tenantId: string;
  requestId: string;
  channel: NotificationChannel;
  recipient: string;
  userId: string | null;
  request: {
    id: string;
    targetIds: string[];
    info: unknown;
    originatorType: string | null;
    originatorId: string | null;
    template: { notificationType: string; channels: unknown } | null;
    rule: { triggerType: string } | null;
  };
}

/** The request's fields a message is written from (`DeliveryWithRequest["request"]`). */
export const MESSAGE_REQUEST_FIELDS = {
  id: true,
  targetIds: true,
  info: true,
  originatorType: true,
  originatorId: true,
  template: { select: { notificationType: true, channels: true } },
  rule: { select: { triggerType: true } },
} as const;

/** The channel's text filled from the event: the template's for that channel, or the request's own text. */
function contentFor(delivery: DeliveryWithRequest): ChannelText {
  const { fields, delivery: spec } = splitInfo(delivery.request.info);
  const source: ChannelText | undefined = delivery.request.template
    ? (delivery.request.template.channels as TemplateChannels)[delivery.channel]
    : spec.content;
  if (!source)
    throw new PermanentDeliveryError(
      delivery.request.template
        ? `The template has no ${delivery.channel} text (it was changed after this notification was requested)`
        : "The notification has no text",
    );
  return {
    ...(source.subject !== undefined ? { subject: renderText(source.subject, fields).text } : {}),
    body: renderText(source.body, fields).text,
  };
}

/** A webhook target's headers, opened, for a delivery to its URL (none for an address given on the request). */
async function webhookHeaders(db: TenantClient, box: SecretBox, delivery: DeliveryWithRequest) {
  if (delivery.channel !== "WEBHOOK" || delivery.request.targetIds.length === 0) return undefined;
  const targets = await db.notificationTarget.findMany({
    where: { id: { in: delivery.request.targetIds }, type: "WEBHOOK" },
    select: { configuration: true },
  });
  const target = targets.find((t) => (t.configuration as { url?: string }).url === delivery.recipient);
  return target ? openHeaders(box, (target.configuration as { headers?: Record<string, string> }).headers) : undefined;
}

/** Everything a channel needs to send one delivery. Throws PermanentDeliveryError when it cannot be written. */
export async function outgoingMessage(
  db: TenantClient,
  box: SecretBox,
  delivery: DeliveryWithRequest,
): Promise<OutgoingMessage> {
  return messageOf(delivery, await webhookHeaders(db, box, delivery));
}

/** The message of a delivery whose channel needs no stored secrets (in-app), or with its headers opened. */
export function messageOf(delivery: DeliveryWithRequest, headers?: Record<string, string>): OutgoingMessage {
  const { fields } = splitInfo(delivery.request.info);
  const { originatorType, originatorId } = delivery.request;
  return {
    tenantId: delivery.tenantId,
    requestId: delivery.requestId,
    deliveryId: delivery.id,
    channel: delivery.channel,
    recipient: delivery.recipient,
    userId: delivery.userId,
    content: contentFor(delivery),
    info: { ...fields, ...(originatorType && originatorId ? { originatorType, originatorId } : {}) },
    notificationType: delivery.request.template?.notificationType ?? delivery.request.rule?.triggerType ?? "RULE_NODE",
    ...(headers ? { headers } : {}),
  };
}
