import pg from "pg";

/**
 * Where reads that may trail the primary by the replication lag go: the streaming replicas of
 * DATABASE_READ_URL, or the primary's application pool when none is configured or none answers.
 */
export interface ReadReplicas {
  /**
   * Runs `read` against the least busy replica that is up (in-flight reads; ties taken in turn).
   * A replica that cannot be reached (refused, reset, shutting down, connect timeout) is marked
   * down and probed in the background until it answers again, and the read is repeated on the
   * next replica, then on the primary: `read` must only read, so repeating it is harmless. A
   * query cancelled by a conflict with recovery (a standby replaying a vacuum) is repeated on the
   * primary without marking the replica down. Any other error (bad SQL, a refused tenant) is the
   * caller's.
   */
  run<T>(read: (pool: pg.Pool) => Promise<T>): Promise<T>;
  /** One entry per replica, in configuration order: its host, whether it is up, reads in flight. */
  status(): { host: string; up: boolean; inFlight: number }[];
  /** Ends the replicas' pools (not the primary's). */
  close(): Promise<void>;
}

/** Errors of the connection rather than of the query: the replica is unreachable or going away. */
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, or shutting down)
]);
const UNREACHABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|connection error/i;
/** serialization_failure: on a standby, "canceling statement due to conflict with recovery". */
const RECOVERY_CONFLICT = "40001";

function replicaFailure(error: unknown): "unreachable" | "conflict" | undefined {
  const { code, message } = error as { code?: string; message?: string };
  if (code === RECOVERY_CONFLICT) return "conflict";
  if ((code && (UNREACHABLE_CODES.has(code) || code.startsWith("08"))) || UNREACHABLE_MESSAGE.test(message ?? ""))
    return "unreachable";
  return undefined;
}

interface Replica {
  host: string;
  pool: pg.Pool;
  up: boolean;
  inFlight: number;
  probe?: NodeJS.Timeout;
}

export interface ReadReplicaOptions {
  /** Replica URLs, credentials included (config's `databaseUrls(...).reads`). */
  urls: readonly string[];
  /** The primary's application-role pool: reads go there when no replica answers. */
  primary: pg.Pool;
  /** Connections per replica. */
  poolSize: number;
  /** How long connecting to a replica may take before it counts as down (default 2,000 ms). */
  connectTimeoutMs?: number;
  /** How often a replica marked down is probed (default 2,000 ms). */
  probeEveryMs?: number;
  /** A replica went down (with the error) or came back. Default: a console line. */
  onChange?: (event: { host: string; up: boolean; error?: Error }) => void;
}

/**
 * Least busy rather than plain round-robin: an aggregate over a month of points holds a
 * connection for far longer than a chart's last hour, and round-robin would keep queueing reads
 * behind a replica busy with one (HAProxy's `leastconn` chooses the same way for long requests).
 */
export function createReadReplicas(options: ReadReplicaOptions): ReadReplicas {
  const connectTimeoutMs = options.connectTimeoutMs ?? 2_000;
  const probeEveryMs = options.probeEveryMs ?? 2_000;
  const onChange =
    options.onChange ??
    (({ host, up, error }) =>
      console.warn(
        up
          ? `database replica ${host} answers again; telemetry reads go to it`
          : `database replica ${host} is unreachable (${error?.message}); its reads go elsewhere until it answers`,
      ));
  const replicas: Replica[] = options.urls.map((url) => {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize,
      application_name: "industryos-read",
      connectionTimeoutMillis: connectTimeoutMs,
      keepAlive: true,
    });
    // An idle client losing its connection must not crash the process; the next read finds out.
    pool.on("error", () => {});
    return { host: new URL(url).host, pool, up: true, inFlight: 0 };
  });
  let turn = 0;
  let closed = false;

  function markDown(replica: Replica, error: Error) {
    if (!replica.up) return;
    replica.up = false;
    onChange({ host: replica.host, up: false, error });
    const probe = async () => {
      try {
        await replica.pool.query("SELECT 1");
        replica.probe = undefined;
        replica.up = true;
        onChange({ host: replica.host, up: true });
      } catch {
        if (!closed) replica.probe = setTimeout(probe, probeEveryMs).unref();
      }
    };
    replica.probe = setTimeout(probe, probeEveryMs).unref();
  }

  /** Up replicas, least busy first; equally busy ones in an order that turns with every read. */
  function candidates(): Replica[] {
    const start = turn++ % Math.max(replicas.length, 1);
    const rotated = [...replicas.slice(start), ...replicas.slice(0, start)];
    return rotated.filter((r) => r.up).sort((a, b) => a.inFlight - b.inFlight);
  }

  return {
    async run(read) {
      for (const replica of candidates()) {
        replica.inFlight++;
        try {
          return await read(replica.pool);
        } catch (error) {
          const failure = replicaFailure(error);
          if (failure === undefined) throw error;
          if (failure === "conflict") break;
          markDown(replica, error as Error);
        } finally {
          replica.inFlight--;
        }
      }
      return read(options.primary);
    },
    status: () => replicas.map(({ host, up, inFlight }) => ({ host, up, inFlight })),
    async close() {
      closed = true;
      for (const replica of replicas) clearTimeout(replica.probe);
      await Promise.allSettled(replicas.map((r) => r.pool.end()));
    },
  };
}
