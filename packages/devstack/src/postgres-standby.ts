import { appendFileSync, chownSync, existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import pg from "pg";
import { run, runAs, startPostgres, type RunningService } from "./postgres.ts";
import { ensurePostgresInstalled } from "./system-packages.ts";

/** The role the standby streams WAL as (REPLICATION, no other privilege). */
export const REPLICATION_ROLE = "industryos_replication";

/**
 * Lets `REPLICATION_ROLE` stream from the primary over loopback: creates the role, and a pg_hba
 * line when none admits replication connections from 127.0.0.1 (initdb's default file has one).
 * Fails when the primary's wal_level or max_wal_senders leave no room for a standby: both need a
 * restart, so the caller's cluster must be started with them.
 */
async function allowReplication(primaryUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: primaryUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ wal_level: string; max_wal_senders: string }>(
      "SELECT current_setting('wal_level') AS wal_level, current_setting('max_wal_senders') AS max_wal_senders",
    );
    const settings = rows[0]!;
    if (settings.wal_level === "minimal" || Number(settings.max_wal_senders) < 1)
      throw new Error(
        `the primary cannot feed a standby: wal_level=${settings.wal_level}, max_wal_senders=${settings.max_wal_senders} ` +
          "(needs wal_level=replica and max_wal_senders >= 1, then a restart)",
      );
    await client.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${REPLICATION_ROLE}') THEN
        CREATE ROLE ${REPLICATION_ROLE} WITH LOGIN REPLICATION;
      END IF;
    END $$`);
    const hba = await client.query(
      "SELECT 1 FROM pg_hba_file_rules WHERE 'replication' = ANY(database) AND type = 'host' AND address = '127.0.0.1'",
    );
    if (hba.rowCount === 0) {
      // A loopback server of this machine: its pg_hba.conf is a local file.
      const file = await client.query<{ path: string }>("SELECT current_setting('hba_file') AS path");
      appendFileSync(file.rows[0]!.path, `\nhost replication ${REPLICATION_ROLE} 127.0.0.1/32 trust\n`);
      await client.query("SELECT pg_reload_conf()");
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Starts (or restarts) a hot standby of the loopback PostgreSQL behind `primaryUrl` (a superuser
 * URL) on 127.0.0.1:`port`: the first time, `pg_basebackup -R` copies the primary into `dataDir`
 * and writes standby.signal and primary_conninfo, so the server starts streaming and replaying
 * the primary's WAL and answers read-only queries. Later calls with the same `dataDir` start the
 * standby it already holds. Used by tests of read replicas; the primary needs nothing but
 * PostgreSQL's defaults (wal_level=replica, max_wal_senders=10).
 */
export async function startPostgresStandby(opts: {
  primaryUrl: string;
  dataDir: string;
  port: number;
  log?: (msg: string) => void;
}): Promise<RunningService> {
  const log = opts.log ?? console.warn;
  const dataDir = resolve(opts.dataDir);
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    await allowReplication(opts.primaryUrl);
    const bin = ensurePostgresInstalled(log);
    const owner = runAs();
    const primary = new URL(opts.primaryUrl);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (owner.uid !== undefined) chownSync(dataDir, owner.uid, owner.gid!);
    log(`taking a base backup of ${primary.host} into ${dataDir}`);
    run(
      join(bin, "pg_basebackup"),
      [
        ...["-h", primary.hostname, "-p", primary.port || "5432", "-U", REPLICATION_ROLE],
        ...["-D", dataDir, "-R", "-X", "stream", "-c", "fast", "--no-sync"],
      ],
      owner,
    );
  }
  return startPostgres({ dataDir, port: opts.port, log });
}
