import type { PublishPacket } from "aedes";

/**
 * Publishes ingest has dealt with are re-addressed here before aedes gets them back, so the
 * broker's own routing never forwards a device's message anywhere: no device may subscribe to
 * this topic and `authorizeForward` drops it.
 */
export const CONSUMED_TOPIC = "$ingest/consumed";

export function markConsumed(packet: PublishPacket): void {
  packet.topic = CONSUMED_TOPIC;
  packet.retain = false;
}
