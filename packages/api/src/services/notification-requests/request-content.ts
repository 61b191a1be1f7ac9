import type { ChannelText, NotificationChannel } from "../notification-templates/schemas.ts";

/**
 * Where a request keeps what is not an event field: the text of a notification sent without a
 * template, the channels to narrow it to, and recipients outside any target (the rule chain's
 * email/SMS/Slack nodes, "send test"). Under a key no `${placeholder}` can name (`$` is not allowed
 * there), so an event field can neither collide with it nor print it.
 */
export const DELIVERY_KEY = "$delivery";

export interface RequestDelivery {
  /** The text on every channel when the request has no template (placeholders filled from the event). */
  content?: ChannelText;
  /** Only these channels (a template's others are left out; without a template: what the content goes on). */
  channels?: NotificationChannel[];
  /** Addresses per channel besides the targets' (user ids for IN_APP). */
  recipients?: Partial<Record<NotificationChannel, string[]>>;
}

/** The event's fields and the delivery part of a stored `info`, apart. */
export function splitInfo(info: unknown): { fields: Record<string, unknown>; delivery: RequestDelivery } {
  const { [DELIVERY_KEY]: delivery, ...fields } = (info ?? {}) as Record<string, unknown>;
  return { fields, delivery: (delivery ?? {}) as RequestDelivery };
}
