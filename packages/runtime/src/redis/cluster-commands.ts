import type { ChainableCommander, Redis } from "ioredis";
import { isRedisCluster, type RedisClient } from "./redis-client.ts";

/**
 * Every server that holds keys: the masters of a cluster, or the one server. Node-local commands
 * (SCAN, PUBSUB CHANNELS, INFO) must ask each of them.
 */
export function keyHoldingNodes(client: RedisClient): Redis[] {
  return isRedisCluster(client) ? client.nodes("master") : [client];
}

/**
 * Every server a client may be connected to: on a cluster, replicas too (a subscriber's
 * connection may be on any node, so PUBSUB CHANNELS must ask all of them).
 */
export function allNodes(client: RedisClient): Redis[] {
  return isRedisCluster(client) ? client.nodes("all") : [client];
}

/** Every key matching `pattern`, SCANning each key-holding node in turn (a cluster's SCAN sees one node's keys). */
export async function* scanKeys(client: RedisClient, pattern: string, count = 1000): AsyncGenerator<string[]> {
  for (const node of keyHoldingNodes(client)) {
    let cursor = "0";
    do {
      const [next, keys] = await node.scan(cursor, "MATCH", pattern, "COUNT", count);
      cursor = next;
      if (keys.length > 0) yield keys;
    } while (cursor !== "0");
  }
}

type Call = { name: string; args: unknown[] };

/**
 * A pipeline whose commands may touch keys on different slots. On one server it is a plain
 * pipeline. A cluster pipeline must stay on one node, so there each command is sent on its own,
 * all in the same tick: the cluster client's auto-pipelining still sends them in one round trip
 * per node, and commands on one key keep their order (one node, one connection). As with a
 * pipeline, nothing is atomic; `exec` answers `[error, reply]` per command, in order.
 */
export function crossSlotBatch(client: RedisClient): ChainableCommander {
  if (!isRedisCluster(client)) return client.pipeline();
  const calls: Call[] = [];
  const exec = async () => {
    const settled = await Promise.allSettled(
      calls.map(({ name, args }) =>
        (client as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]!(...args),
      ),
    );
    return settled.map((outcome) =>
      outcome.status === "fulfilled" ? [null, outcome.value] : [outcome.reason as Error, null],
    );
  };
  const batch: ChainableCommander = new Proxy({} as ChainableCommander, {
    get(_target, property) {
      if (property === "exec") return exec;
      if (property === "length") return calls.length;
      if (property === "then") return undefined; // not a promise
      if (
        typeof property !== "string" ||
        typeof (client as unknown as Record<string, unknown>)[property] !== "function"
      )
        throw new Error(`crossSlotBatch: ${String(property)} is not a Redis command`);
      return (...args: unknown[]) => {
        calls.push({ name: property, args });
        return batch;
      };
    },
  });
  return batch;
}
