import { Cluster, Redis, type ClusterOptions, type RedisOptions } from "ioredis";

/**
 * A Redis connection of either deployment: one server (`Redis`) or Redis Cluster (`Cluster`). Both
 * share ioredis' command interface; code that needs more than commands (every node, a pub/sub
 * copy, a batch across slots) goes through the helpers of this folder.
 */
export type RedisClient = Redis | Cluster;

/** Where Redis is: `url` alone for one server; with `clusterNodes`, Redis Cluster (the URL still gives credentials and TLS). */
export interface RedisTarget {
  url: string;
  /** `host:port` of some cluster nodes to discover the cluster from (REDIS_CLUSTER_NODES). */
  clusterNodes?: readonly string[];
}

/** The target the configuration names (REDIS_URL, REDIS_CLUSTER_NODES). */
export function redisTarget(config: { REDIS_URL: string; REDIS_CLUSTER_NODES?: readonly string[] }): RedisTarget {
  return { url: config.REDIS_URL, clusterNodes: config.REDIS_CLUSTER_NODES };
}

export function isRedisCluster(client: RedisClient): client is Cluster {
  return client.isCluster;
}

function hostAndPort(node: string): { host: string; port: number } {
  const at = node.lastIndexOf(":");
  return { host: node.slice(0, at), port: Number(node.slice(at + 1)) };
}

/**
 * The one place IndustryOS makes a Redis connection. `options` are a single server's; on a
 * cluster they apply to each node's connection, except the ones Cluster takes for itself
 * (offline queue, lazy connect). A cluster client pipelines commands issued together per node
 * (`enableAutoPipelining`), which is what lets `crossSlotBatch` send a batch of keys on many
 * slots in one round trip per node.
 */
export function createRedisClient(target: RedisTarget | string, options: RedisOptions = {}): RedisClient {
  const { url, clusterNodes } = typeof target === "string" ? { url: target, clusterNodes: undefined } : target;
  if (!clusterNodes || clusterNodes.length === 0) return new Redis(url, options);
  const parsed = new URL(url);
  if (parsed.pathname.length > 1 && parsed.pathname !== "/0")
    throw new Error(`Redis Cluster has only database 0; REDIS_URL names database ${parsed.pathname.slice(1)}`);
  const { enableOfflineQueue, lazyConnect, ...nodeOptions } = options;
  const clusterOptions: ClusterOptions = {
    enableOfflineQueue: enableOfflineQueue ?? true,
    lazyConnect: lazyConnect ?? false,
    enableAutoPipelining: true,
    redisOptions: {
      ...nodeOptions,
      username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
      password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
      tls: parsed.protocol === "rediss:" ? {} : undefined,
    },
  };
  return new Cluster(clusterNodes.map(hostAndPort), clusterOptions);
}

/**
 * Another connection to the same Redis (pub/sub and blocking reads need one of their own),
 * with `options` changed; `Redis#duplicate` and `Cluster#duplicate` take different arguments.
 */
export function duplicateRedisClient(
  client: RedisClient,
  options: Pick<RedisOptions, "enableOfflineQueue" | "lazyConnect"> = {},
): RedisClient {
  return isRedisCluster(client) ? client.duplicate([], options) : client.duplicate(options);
}
