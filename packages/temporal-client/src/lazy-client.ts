// The API starts workflows by name (it never imports workflow code), through one client per process that
// connects on first use: a web process must start, and serve everything else, while Temporal is still starting.
import { Client, Connection, type TLSConfig } from "@temporalio/client";

/** The queue the workers poll unless TEMPORAL_TASK_QUEUE says otherwise. */
export const DEFAULT_TASK_QUEUE = "industryos-main";

export interface TemporalSettings {
  /** host:port of the frontend service. */
  address: string;
  namespace: string;
  taskQueue: string;
  /** TLS to a production cluster (see temporalTls); plain gRPC when absent. */
  tls?: TLSConfig;
}

export interface LazyTemporalClient {
  readonly taskQueue: string;
  /** The connected client; the first call connects, later calls share that connection. */
  get(): Promise<Client>;
  close(): Promise<void>;
}

/**
 * gRPC's own reconnect backoff grows to 120 s: after a Temporal outage of a few minutes, commands queued meanwhile
 * (notification starts, escalation signals) would wait up to two more minutes once it is back. 5 s at most.
 */
const RECONNECT = { "grpc.initial_reconnect_backoff_ms": 500, "grpc.max_reconnect_backoff_ms": 5_000 };

export function lazyTemporalClient(settings: TemporalSettings): LazyTemporalClient {
  let connecting: Promise<Client> | undefined;
  return {
    taskQueue: settings.taskQueue,
    get() {
      connecting ??= Connection.connect({ address: settings.address, tls: settings.tls, channelArgs: RECONNECT }).then(
        (connection) => new Client({ connection, namespace: settings.namespace }),
        (error: unknown) => {
          // A failed attempt must not poison every later call: the next one tries again.
          connecting = undefined;
          throw new Error(`Temporal is not reachable at ${settings.address}: ${(error as Error).message}`);
        },
      );
      return connecting;
    },
    async close() {
      const pending = connecting;
      connecting = undefined;
      if (pending) await (await pending.catch(() => undefined))?.connection.close();
    },
  };
}
