import type { ReadReplicaOptions } from "./read-replicas.ts";

/** The part of a structured logger (the runtime's pino Logger) the replica callbacks write to. */
export interface ReplicaLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/**
 * `createDatabaseClients`' replica callbacks, writing each state change of a replica (unreachable,
 * answering again, over DATABASE_READ_MAX_LAG_MS, caught up) as one log line. `reads` names what
 * this process sends to the replicas, e.g. "report reads", for the lines saying they go back to one.
 */
export function replicaLogging(
  logger: ReplicaLogger,
  reads: string,
): {
  onReplicaChange: NonNullable<ReadReplicaOptions["onChange"]>;
  onReplicaLag: NonNullable<ReadReplicaOptions["onLagChange"]>;
} {
  return {
    onReplicaChange: ({ host, up, error }) =>
      up
        ? logger.info({ replica: host }, `database replica answers again; ${reads} go to it`)
        : logger.warn({ replica: host, err: error?.message }, "database replica unreachable; its reads go elsewhere"),
    onReplicaLag: ({ host, behind, lagMs }) =>
      behind
        ? logger.warn(
            { replica: host, lagMs },
            "database replica over DATABASE_READ_MAX_LAG_MS; its reads go elsewhere",
          )
        : logger.info({ replica: host, lagMs }, `database replica caught up; ${reads} go to it again`),
  };
}
