import { databaseUrls, type Config } from "@industryos/config";
import { createDatabaseClients, type DatabaseClients } from "./clients.ts";
import { replicaLogging, type ReplicaLogger } from "./replica-logging.ts";

/**
 * A long-running service's clients (web, workers), built from its configuration: the primary's
 * application and system pools, and the replicas of DATABASE_READ_URL under DATABASE_READ_MAX_LAG_MS
 * whose state changes go to `logger`. `reads` names what the service sends to the replicas.
 */
export function createServiceDatabaseClients(
  config: Parameters<typeof databaseUrls>[0] & Pick<Config, "DATABASE_POOL_SIZE" | "DATABASE_READ_MAX_LAG_MS">,
  logger: ReplicaLogger,
  reads: string,
): DatabaseClients {
  const urls = databaseUrls(config);
  return createDatabaseClients({
    appUrl: urls.app,
    systemUrl: urls.system,
    poolSize: config.DATABASE_POOL_SIZE,
    readUrls: urls.reads,
    readMaxLagMs: config.DATABASE_READ_MAX_LAG_MS,
    ...replicaLogging(logger, reads),
  });
}
