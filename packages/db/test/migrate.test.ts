// The migrator applies each migration exactly once, in order, even when processes race.
import { mkdirSync, mkdtempSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { expect, test } from "vitest";
import { listMigrations, migrate, MigrationError, type MigrateResult } from "../src/index.ts";
import { migrationsDir } from "../src/paths.ts";
import { useEmptyDatabases } from "./helpers.ts";

const { admin, emptyDatabase } = useEmptyDatabases();

const passwords = { appPassword: "industryos_app_local", systemPassword: "industryos_system_local" };

function migrateInChildProcess(ownerUrl: string): Promise<MigrateResult> {
  return new Promise((resolve, reject) => {
    const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));
    execFile(
      tsx,
      [fileURLToPath(new URL("./fixtures/migrate-once.ts", import.meta.url)), ownerUrl],
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as MigrateResult),
    );
  });
}

test("three processes and two connections migrating at once: each migration is applied exactly once, in order", async () => {
  const ownerUrl = await emptyDatabase();
  const migrations = listMigrations().map((m) => m.name);
  const results = await Promise.all([
    ...[1, 2, 3].map(() => migrateInChildProcess(ownerUrl)),
    ...[1, 2].map(() => migrate({ ownerUrl, ...passwords })),
  ]);
  const applied = results.flatMap((r) => r.applied);
  expect(applied).toEqual(migrations); // one winner applied all of them, in order
  expect(results.filter((r) => r.applied.length === 0)).toHaveLength(4);
  for (const r of results.filter((r) => r.applied.length === 0)) expect(r.alreadyApplied).toEqual(migrations);

  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const history = await client.query(
    `SELECT migration_name FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
  );
  await client.end();
  expect(history.rows.map((r) => r.migration_name)).toEqual(migrations);

  expect(await migrate({ ownerUrl, ...passwords })).toEqual({ applied: [], alreadyApplied: migrations });
});

test("a failing migration is rolled back, not recorded, and named in the error", async () => {
  const ownerUrl = await emptyDatabase();
  const dir = mkdtempSync(join(tmpdir(), "industryos-migrations-"));
  cpSync(migrationsDir, dir, { recursive: true });
  mkdirSync(join(dir, "29991231000000_broken"));
  writeFileSync(
    join(dir, "29991231000000_broken", "migration.sql"),
    `CREATE TABLE half_done (id int);\nSELECT no_such_function();`,
  );
  await expect(migrate({ ownerUrl, ...passwords, migrationsDir: dir })).rejects.toThrow(
    /29991231000000_broken.*no_such_function/s,
  );

  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const history = await client.query(`SELECT migration_name FROM "_prisma_migrations"`);
  const table = await client.query(`SELECT to_regclass('half_done') AS t`);
  await client.end();
  expect(history.rows.map((r) => r.migration_name)).toEqual(listMigrations().map((m) => m.name));
  expect(table.rows[0].t).toBeNull();
});

test("a failure after an applied migration was edited says which one changed", async () => {
  // What a development database migrated by an older checkout meets: a migration it applied was
  // edited since, and a later one expects the edited version's result.
  const ownerUrl = await emptyDatabase();
  const dir = mkdtempSync(join(tmpdir(), "industryos-migrations-"));
  const write = (name: string, sql: string) => {
    mkdirSync(join(dir, name), { recursive: true });
    writeFileSync(join(dir, name, "migration.sql"), sql);
  };
  write("20000101000000_gauge", "CREATE TABLE gauge (id int);");
  await migrate({ ownerUrl, ...passwords, migrationsDir: dir });

  write("20000101000000_gauge", "CREATE TABLE gauge (id int, unit text);");
  write("20000102000000_gauge_unit", "ALTER TABLE gauge ALTER COLUMN unit SET NOT NULL;");
  const failure = migrate({ ownerUrl, ...passwords, migrationsDir: dir });
  await expect(failure).rejects.toBeInstanceOf(MigrationError);
  await expect(failure).rejects.toMatchObject({
    migration: "20000102000000_gauge_unit",
    edited: ["20000101000000_gauge"],
  });
  await expect(failure).rejects.toThrow(
    /20000102000000_gauge_unit failed.*"unit".*20000101000000_gauge changed after this database applied it/s,
  );
});

test("roles exist with passwords and the right attributes", async () => {
  const rows = await admin(
    async (c) =>
      (
        await c.query(
          `SELECT rolname, rolbypassrls, rolcanlogin, rolsuper, rolpassword IS NOT NULL AS "hasPassword"
         FROM pg_authid WHERE rolname LIKE 'industryos\\_%' ORDER BY 1`,
        )
      ).rows,
  );
  expect(rows).toEqual([
    { rolname: "industryos_app", rolbypassrls: false, rolcanlogin: true, rolsuper: false, hasPassword: true },
    { rolname: "industryos_system", rolbypassrls: true, rolcanlogin: true, rolsuper: false, hasPassword: true },
  ]);
});
