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
   * caller's. A replica whose replay trails the primary by more than the lag ceiling is passed
   * over the same way (its reads go to the next replica, then the primary) until it catches up.
   */
  run<T>(read: (pool: pg.Pool) => Promise<T>): Promise<T>;
  /**
   * One entry per replica, in configuration order: its host, whether it is up, whether it is
   * passed over for trailing the primary, its last measured replay lag (null before the first
   * check or without a ceiling) and the reads in flight.
   */
  status(): { host: string; up: boolean; behind: boolean; lagMs: number | null; inFlight: number }[];
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
  behind: boolean;
  /** Consecutive lag checks over (or under) the ceiling against the current `behind`. */
  contrary: number;
  lagMs: number | null;
  inFlight: number;
  probe?: NodeJS.Timeout;
  /** The next lag check, set once the previous one has finished. */
  lagCheck?: NodeJS.Timeout;
}

/**
 * The standby's own view of its lag: none when it has replayed everything it received (an idle
 * primary sends nothing, so an old last-replayed commit is no lag); otherwise the age of the last
 * commit it replayed. NULL receive position (not streaming, or not a standby): unknown, taken as 0.
 */
const REPLAY_LAG_SQL = `SELECT CASE
    WHEN pg_last_wal_receive_lsn() IS NULL OR pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn()
      OR pg_last_xact_replay_timestamp() IS NULL THEN 0
    ELSE GREATEST(0, EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)
  END::float8 AS lag_ms`;

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
  /**
   * The replication lag beyond which a replica's history is too old to serve: its reads go
   * elsewhere until it is back under it. 0: no ceiling (default 10,000 ms).
   */
  maxLagMs?: number;
  /** How long after the end of one lag check of a replica the next starts (default 1,000 ms). */
  lagCheckEveryMs?: number;
  /** Measures a replica's replay lag in ms (default: the standby's own view, see REPLAY_LAG_SQL). */
  measureLag?: (pool: pg.Pool) => Promise<number>;
  /** A replica went over the lag ceiling (behind) or came back under it. Default: a console line. */
  onLagChange?: (event: { host: string; behind: boolean; lagMs: number }) => void;
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
  const maxLagMs = options.maxLagMs ?? 10_000;
  const lagCheckEveryMs = options.lagCheckEveryMs ?? 1_000;
  const measureLag =
    options.measureLag ??
    (async (pool: pg.Pool) => (await pool.query<{ lag_ms: number }>(REPLAY_LAG_SQL)).rows[0]!.lag_ms);
  const onLagChange =
    options.onLagChange ??
    (({ host, behind, lagMs }) =>
      console.warn(
        behind
          ? `database replica ${host} trails the primary by ${Math.round(lagMs)} ms (ceiling ${maxLagMs} ms); its reads go elsewhere until it catches up`
          : `database replica ${host} caught up (lag ${Math.round(lagMs)} ms); telemetry reads go to it again`,
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
    return { host: new URL(url).host, pool, up: true, behind: false, contrary: 0, lagMs: null, inFlight: 0 };
  });
  let turn = 0;
  let closed = false;

  /**
   * Two checks in a row must disagree with the current state before it flips: the moment between
   * a standby receiving a commit after a quiet spell and replaying it reads as the whole quiet
   * spell, and must not send its reads away.
   */
  async function checkLag(replica: Replica) {
    if (!replica.up) return;
    try {
      const lagMs = await measureLag(replica.pool);
      replica.lagMs = lagMs;
      const over = lagMs > maxLagMs;
      replica.contrary = over === replica.behind ? 0 : replica.contrary + 1;
      if (replica.contrary >= 2) {
        replica.behind = over;
        replica.contrary = 0;
        onLagChange({ host: replica.host, behind: over, lagMs });
      }
    } catch {
      // Unreachable replicas are found and marked down by the reads themselves.
    }
  }
  /**
   * Each replica's next check is set when its previous one ends (not on a fixed interval): a
   * replica slow to answer would otherwise gather overlapping checks, each holding a connection of
   * its pool, and a hung one would keep the others' checks waiting if they shared one timer.
   */
  function scheduleLagCheck(replica: Replica) {
    replica.lagCheck = setTimeout(
      () =>
        void checkLag(replica).then(() => {
          if (!closed) scheduleLagCheck(replica);
        }),
      lagCheckEveryMs,
    ).unref();
  }
  if (maxLagMs > 0) for (const replica of replicas) scheduleLagCheck(replica);

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
    return rotated.filter((r) => r.up && !r.behind).sort((a, b) => a.inFlight - b.inFlight);
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
    status: () => replicas.map(({ host, up, behind, lagMs, inFlight }) => ({ host, up, behind, lagMs, inFlight })),
    async close() {
      closed = true;
      for (const replica of replicas) {
        clearTimeout(replica.probe);
        clearTimeout(replica.lagCheck);
      }
      await Promise.allSettled(replicas.map((r) => r.pool.end()));
    },
  };
}
