import { createHash } from "node:crypto";

/**
 * A UUID (version 8: "custom") derived from `name`. Event and delivery ids follow from where an
 * event stood in its stream, so a redelivered stream entry names the same events and deliveries
 * again, and the database's unique keys turn the second recording into nothing.
 */
export function uuidFrom(name: string): string {
  const hash = createHash("sha256").update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x80;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of the `sub`-th event of message `index` of a stream entry. */
export const eventIdOf = (stream: string, entryId: string, index: number, sub: number) =>
  uuidFrom(`webhook-event/${stream}/${entryId}/${index}/${sub}`);

/**
 * The id of an alarm event (`alarm.*`): from the alarm, the change and its data rather than from the
 * stream, so the event handed over as it happened (rules/alarm-fast-path.ts) and its stream entry's
 * copy are one event, with the same deliveries.
 */
export const alarmEventIdOf = (type: string, alarmId: string, at: number, data: string) =>
  uuidFrom(`webhook-event/alarm/${alarmId}/${type}/${at}/${data}`);

/** The id of one event's delivery to one webhook (the `IndustryOS-Delivery` header). */
export const deliveryIdOf = (webhookId: string, eventId: string) =>
  uuidFrom(`webhook-delivery/${webhookId}/${eventId}`);
