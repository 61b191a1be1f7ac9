export { createLogger, type Logger } from "./logger.ts";
export {
  runHealthChecks,
  handleHealthRequest,
  startHealthServer,
  type HealthCheck,
  type HealthReport,
} from "./health.ts";
export { onShutdown } from "./shutdown.ts";
export {
  serveMetrics,
  processMetrics,
  createProcessRegistry,
  type MetricsServer,
  type MetricsSource,
} from "./metrics.ts";
export { createSecretBox, generateSecretKey, parseSecretKey, type SecretBox } from "./secret-box.ts";
export {
  createRedisClient,
  duplicateRedisClient,
  isRedisCluster,
  redisTarget,
  type RedisClient,
  type RedisTarget,
} from "./redis/redis-client.ts";
export { allNodes, crossSlotBatch, keyHoldingNodes, scanKeys } from "./redis/cluster-commands.ts";
