import type { Client } from "aedes";
import memoryPersistence from "aedes-persistence";

/** QoS 2 messages one client may leave waiting for their PUBREL. */
export const MAX_PENDING_QOS2 = 100;

interface IncomingPacket {
  messageId?: number;
}

/** What aedes-persistence 10's default export is at run time (its bundled types still describe the callback API). */
interface AsyncIncomingStore {
  incomingStorePacket(client: Client, packet: IncomingPacket): Promise<void>;
  incomingDelPacket(client: Client, packet: IncomingPacket): Promise<void>;
  cleanSubscriptions(client: Client): Promise<void>;
}

/**
 * aedes' in-memory persistence with a cap on QoS 2 messages awaiting PUBREL per client.
 *
 * aedes 2.0.0-beta.1 dropped 1.x's limit: a device that never sends PUBREL could park 65,535
 * messages of up to the maximum packet size each in memory. Past the cap the store refuses, aedes
 * fails the PUBLISH, and the connection is closed. (ThingsBoard supports QoS 0 and 1 only; QoS
 * 2 is accepted here for devices that use it, never as a way to fill the heap.)
 *
 * The memory store also keeps a client's unreleased messages after its session ended, so a
 * device reconnecting under new client ids could still pile them up, 100 at a time:
 * `forgetSession` drops them when a session ends (see broker.ts).
 */
export function qos2LimitedPersistence(max = MAX_PENDING_QOS2) {
  const store = memoryPersistence() as unknown as AsyncIncomingStore;
  const pending = new Map<string, Set<number>>();
  const persistence = new Proxy(store, {
    get(target, property) {
      if (property === "incomingStorePacket") {
        return async (client: Client, packet: IncomingPacket) => {
          // Counted before the store's await: a device sends its publishes back to back, and
          // stores running side by side must all see each other.
          let ids = pending.get(client.id);
          if (!ids) pending.set(client.id, (ids = new Set<number>()));
          const id = packet.messageId ?? 0;
          if (!ids.has(id) && ids.size >= max)
            throw new Error(`more than ${max} QoS 2 messages are waiting for PUBREL`);
          ids.add(id);
          try {
            await target.incomingStorePacket(client, packet);
          } catch (error) {
            ids.delete(id);
            throw error;
          }
        };
      }
      if (property === "incomingDelPacket") {
        return async (client: Client, packet: IncomingPacket) => {
          try {
            await target.incomingDelPacket(client, packet);
          } finally {
            const ids = pending.get(client.id);
            ids?.delete(packet.messageId ?? 0);
            if (ids?.size === 0) pending.delete(client.id);
          }
        };
      }
      // The store keeps its state in private fields: its methods must run on it, not the proxy.
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });

  return {
    persistence,
    /**
     * Drops the QoS 2 messages of a session that ended (or that a clean start discards): their
     * PUBREL can never come. All deletions start at once, so a new connection under the same
     * client id cannot store a message in between and lose it.
     */
    async forgetSession(client: Client): Promise<void> {
      const ids = pending.get(client.id);
      if (!ids) return;
      pending.delete(client.id);
      await Promise.all(
        [...ids].map((messageId) => store.incomingDelPacket(client, { messageId }).catch(() => undefined)),
      );
    },
  };
}
