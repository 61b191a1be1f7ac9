import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { APP_ROLE, SYSTEM_ROLE, parseConfig } from "@industryos/config";
import pg from "pg";
import { migrationsDir as defaultMigrationsDir } from "./paths.ts";

/** One migration folder: `prisma/migrations/<timestamp>_<name>/migration.sql`. */
export interface MigrationFile {
  name: string;
  sql: string;
  /** sha256 hex of the SQL, as Prisma records it. */
  checksum: string;
}

/** The migrations on disk, in the order they apply (folder names sort by timestamp). */
export function listMigrations(dir = defaultMigrationsDir): MigrationFile[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/**
 * A migration failed and was rolled back. `edited` names migrations whose files changed after
 * this database applied them: the likely reason a later one finds the database unlike it expects.
 */
export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    readonly edited: string[],
    cause: Error,
  ) {
    const note =
      edited.length === 0
        ? ""
        : `. ${edited.join(", ")} changed after this database applied ${edited.length === 1 ? "it" : "them"}, so the database may not be in the state later migrations expect`;
    super(`migration ${migration} failed and was rolled back: ${cause.message}${note}`, { cause });
    this.name = "MigrationError";
  }
}

// Any constant works; advisory locks are scoped to the current database.
const MIGRATION_LOCK = 7_240_011_001;

// Prisma's own bookkeeping table, so `prisma migrate status|deploy` (with a real engine) agrees.
const HISTORY_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrateOptions {
  /** Owner (superuser or database owner with CREATEROLE) connection. */
  ownerUrl: string;
  log?: (message: string) => void;
  /** Passwords given to the roles; default: DATABASE_APP_PASSWORD / DATABASE_SYSTEM_PASSWORD. */
  appPassword?: string;
  systemPassword?: string;
  migrationsDir?: string;
  /** Telemetry retention applied after migrating; default TELEMETRY_RETENTION_DAYS. */
  telemetryRetentionDays?: number;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

async function ensureRole(
  client: pg.Client,
  role: string,
  attributes: string,
  password: string,
  log: (m: string) => void,
) {
  const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
  if (exists.rowCount === 0) {
    try {
      await client.query(`CREATE ROLE ${client.escapeIdentifier(role)} ${attributes}`);
      log(`created role ${role}`);
    } catch (error) {
      // Roles are cluster-wide: another database's migrator may have created it just now.
      if (!["42710", "23505"].includes((error as { code?: string }).code ?? "")) throw error;
    }
  }
  try {
    await client.query(`ALTER ROLE ${client.escapeIdentifier(role)} LOGIN PASSWORD ${client.escapeLiteral(password)}`);
  } catch (error) {
    log(`could not set the password of role ${role} (${(error as Error).message}); keeping the existing one`);
  }
}

/**
 * Applies `prisma/migrations/<name>/migration.sql` in order, each exactly once and in its own
 * transaction, recorded in `_prisma_migrations`. Holds a PostgreSQL advisory lock throughout,
 * so processes starting at once wait for each other instead of both migrating. Also creates the
 * roles `industryos_app` (no BYPASSRLS) and `industryos_system` (BYPASSRLS) when missing and
 * sets their passwords from configuration.
 */
export async function migrate(opts: MigrateOptions): Promise<MigrateResult> {
  const log = opts.log ?? (() => {});
  const config = opts.appPassword && opts.systemPassword && opts.telemetryRetentionDays ? undefined : parseConfig();
  const appPassword = opts.appPassword ?? config!.DATABASE_APP_PASSWORD;
  const systemPassword = opts.systemPassword ?? config!.DATABASE_SYSTEM_PASSWORD;
  const retentionDays = opts.telemetryRetentionDays ?? config!.TELEMETRY_RETENTION_DAYS;
  const migrations = listMigrations(opts.migrationsDir);
  const client = new pg.Client({ connectionString: opts.ownerUrl, application_name: "industryos-migrate" });
  await client.connect();
  try {
    await client.query("SET client_min_messages = warning");
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await ensureRole(client, APP_ROLE, "LOGIN NOBYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE", appPassword, log);
      await ensureRole(client, SYSTEM_ROLE, "LOGIN BYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE", systemPassword, log);
      await client.query(HISTORY_DDL);
      const done = await client.query<{ migration_name: string; checksum: string }>(
        `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      );
      const applied = new Map(done.rows.map((r) => [r.migration_name, r.checksum]));
      const result: MigrateResult = { applied: [], alreadyApplied: [] };
      const edited: string[] = [];
      for (const m of migrations) {
        const previous = applied.get(m.name);
        if (previous !== undefined) {
          if (previous !== m.checksum) {
            log(`warning: migration ${m.name} was edited after it was applied`);
            edited.push(m.name);
          }
          result.alreadyApplied.push(m.name);
          continue;
        }
        const started = Date.now();
        await client.query("BEGIN");
        try {
          await client.query(m.sql);
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
             VALUES ($1, $2, $3, $4, now(), 1)`,
            [randomUUID(), m.checksum, m.name, new Date(started)],
          );
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK").catch(() => {});
          throw new MigrationError(m.name, edited, error as Error);
        }
        log(`applied migration ${m.name} (${Date.now() - started} ms)`);
        result.applied.push(m.name);
      }
      // Retention from configuration, and the coming days' partitions (plain PostgreSQL).
      const maintain = await client.query(
        "SELECT to_regprocedure('telemetry_maintain(integer, integer)') IS NOT NULL AS ok",
      );
      if (maintain.rows[0].ok) await client.query("SELECT telemetry_maintain($1::integer)", [retentionDays]);
      return result;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}
