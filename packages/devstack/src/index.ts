export { startLocalServices, PROFILES, type LocalServices, type Profile } from "./services.ts";
export { startPostgres, type RunningService } from "./postgres.ts";
export { startPostgresStandby, REPLICATION_ROLE } from "./postgres-standby.ts";
export { startRedis } from "./redis.ts";
export { startRedisCluster, type RunningRedisCluster } from "./redis-cluster.ts";
export { isPortOpen, waitForPort, freePort } from "./net.ts";
export { repoRoot, dataRoot } from "./paths.ts";
export { ensureDatabase } from "./database.ts";
export { startApp } from "./app-process.ts";
export { ensureHaproxyInstalled } from "./system-packages.ts";
export { runCommand, stopChild } from "./run.ts";
export {
  ensureTemporalCli,
  ensureTemporalTestServer,
  startTemporalDevServer,
  temporalCliInstalled,
  toolCacheRoot,
  TEMPORAL_CLI_VERSION,
  TEMPORAL_TEST_SERVER_VERSION,
  type TemporalDevServer,
} from "./temporal.ts";
export { ensureWebBuild, webSourceHash, webRoot, type WebBuild, type WebBuildOptions } from "./web-build.ts";
