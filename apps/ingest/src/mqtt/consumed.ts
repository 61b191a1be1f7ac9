import type { Aedes, PublishPacket } from "aedes";

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

type Done = (error?: Error) => void;

/**
 * A consumed publish is stored (and, for QoS 1, acknowledged) by the time aedes routes it, and
 * nothing can subscribe to it: aedes' routing (two topic-tree matches, a packet copy and the
 * offline-queue lookup for every device message) is skipped for it.
 */
export function skipRoutingOfConsumed(broker: Aedes): void {
  const route = broker.publish.bind(broker) as (packet: PublishPacket, client?: unknown, done?: Done) => void;
  (broker as { publish: unknown }).publish = (packet: PublishPacket, client?: unknown, done?: Done) => {
    if (packet.topic !== CONSUMED_TOPIC) return route(packet, client, done);
    const callback = typeof client === "function" ? (client as Done) : done;
    callback?.();
  };
}
