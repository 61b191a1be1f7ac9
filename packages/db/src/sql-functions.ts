// The SQL functions of the database, one file each: packages/db/sql/functions/<name>.sql holds
// the current definition of every function named <name> (CREATE OR REPLACE FUNCTION, with its
// REVOKE/GRANT/COMMENT lines). Where the telemetry store's two layouts need different bodies, the
// file lives under <flavour>/ instead (postgres/ or timescaledb/, as telemetry_settings.flavour
// names them), one per flavour.
//
// Files are compared with a migrated database through the database itself: its definitions
// (pg_get_functiondef, privileges, comment) after the migrations, against the same after dropping
// every function and running the files instead, in a transaction that is rolled back. Layout and
// quoting of a file therefore do not matter; its body text, signature, attributes and grants do.
import { isDeepStrictEqual } from "node:util";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { functionsDir } from "./paths.ts";

export const FLAVOURS = ["postgres", "timescaledb"] as const;
export type Flavour = (typeof FLAVOURS)[number];

/** One file of packages/db/sql/functions/. */
export interface FunctionFile {
  /** The function name: the file's name without `.sql`. */
  name: string;
  /** undefined for a file at the top (both flavours), else the folder it is in. */
  flavour?: Flavour;
  /** Path relative to the functions folder, e.g. `postgres/telemetry_range.sql`. */
  path: string;
  sql: string;
}

/** The files of the functions folder: `*.sql` for both flavours, `<flavour>/*.sql` for one. */
export function listFunctionFiles(dir = functionsDir): FunctionFile[] {
  const files: FunctionFile[] = [];
  const read = (folder: string, flavour?: Flavour) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (flavour || !FLAVOURS.includes(entry.name as Flavour)) {
          throw new Error(`${relative(dir, path)}/: only ${FLAVOURS.join("/ and ")}/ may hold flavoured functions`);
        }
        read(path, entry.name as Flavour);
      } else if (entry.name.endsWith(".sql")) {
        const sql = readFileSync(path, "utf8");
        if (/\bcreate\s+function\b/i.test(sql)) {
          throw new Error(`${relative(dir, path)}: write CREATE OR REPLACE FUNCTION, so a migration can replace it`);
        }
        files.push({ name: entry.name.slice(0, -4), flavour, path: relative(dir, path), sql });
      }
    }
  };
  if (existsSync(dir)) read(dir);
  for (const f of files) {
    const both = files.find((g) => g.name === f.name && g.flavour === undefined);
    if (f.flavour && both) throw new Error(`${f.name}: both ${both.path} and ${f.path}; keep one or the other`);
  }
  return files.sort((a, b) => a.name.localeCompare(b.name) || a.path.localeCompare(b.path));
}

/** The files that define a flavour's functions: the shared ones and that flavour's folder. */
export function functionFilesFor(flavour: Flavour, files = listFunctionFiles()): FunctionFile[] {
  return files.filter((f) => f.flavour === undefined || f.flavour === flavour);
}

/** Enough of a connection for the comparison: node-postgres and PGlite both fit. */
export interface SqlSession {
  /** Runs one or more statements. */
  exec(sql: string): Promise<void>;
  /** Runs one query and returns its rows. */
  rows<T>(sql: string): Promise<T[]>;
}

/** One function as the database holds it. */
export interface FunctionState {
  name: string;
  /** `regprocedure` text, e.g. `telemetry_keys(uuid)`: what DROP FUNCTION takes. */
  signature: string;
  /** Arguments with names and defaults, and the result: what CREATE OR REPLACE cannot change. */
  arguments: string;
  result: string;
  /** pg_get_functiondef: attributes, settings and the body, verbatim. */
  definition: string;
  /** `grantee:privilege`, sorted; PUBLIC for everyone. */
  privileges: string;
  comment: string | null;
  owner: string;
}

/** Every function in the public schema, except those an extension (TimescaleDB) brought. */
export async function databaseFunctions(db: SqlSession): Promise<Map<string, FunctionState>> {
  const rows = await db.rows<FunctionState>(`
    SELECT p.proname AS name,
           p.oid::regprocedure::text AS signature,
           pg_get_function_arguments(p.oid) AS arguments,
           pg_get_function_result(p.oid) AS result,
           pg_get_functiondef(p.oid) AS definition,
           (SELECT string_agg(CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END
                                || ':' || a.privilege_type, ', ' ORDER BY 1)
              FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a) AS privileges,
           obj_description(p.oid, 'pg_proc') AS comment,
           pg_get_userbyid(p.proowner) AS owner
      FROM pg_proc p
     WHERE p.pronamespace = 'public'::regnamespace AND p.prokind IN ('f', 'p')
       AND NOT EXISTS (SELECT 1 FROM pg_depend d
                        WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
     ORDER BY 2`);
  return new Map(rows.map((r) => [r.signature, r]));
}

/** How `telemetry` was built in this database. */
export async function databaseFlavour(db: SqlSession): Promise<Flavour> {
  const [row] = await db.rows<{ flavour: Flavour }>("SELECT flavour FROM telemetry_settings");
  if (!row) throw new Error("telemetry_settings is empty: is the database migrated?");
  return row.flavour;
}

/**
 * Runs `fn` in a transaction that is always rolled back, after dropping every function of the
 * database (CASCADE: the row-level security policies on current_tenant_id() go too, until the
 * rollback) and running the given files in their place.
 */
async function withFilesInstead<T>(db: SqlSession, files: FunctionFile[], fn: () => Promise<T>): Promise<T> {
  const existing = await databaseFunctions(db);
  await db.exec("BEGIN");
  try {
    await db.exec("SET LOCAL client_min_messages = warning");
    for (const f of existing.values()) await db.exec(`DROP FUNCTION ${f.signature} CASCADE`);
    // As pg_dump does: a SQL-language body may call a function whose file runs later.
    await db.exec("SET LOCAL check_function_bodies = off");
    for (const file of files) {
      try {
        await db.exec(file.sql);
      } catch (error) {
        throw new Error(`${file.path}: ${(error as Error).message}`, { cause: error });
      }
    }
    await db.exec("SET LOCAL check_function_bodies = on");
    return await fn();
  } finally {
    await db.exec("ROLLBACK");
  }
}

/** What the files define, read back from the database (nothing of it stays). */
export function functionsFromFiles(db: SqlSession, files: FunctionFile[]): Promise<Map<string, FunctionState>> {
  return withFilesInstead(db, files, () => databaseFunctions(db));
}

/** The database's functions after `sql` ran (in a transaction that is rolled back). */
export async function functionsAfter(db: SqlSession, sql: string): Promise<Map<string, FunctionState>> {
  await db.exec("BEGIN");
  try {
    await db.exec(sql);
    return await databaseFunctions(db);
  } finally {
    await db.exec("ROLLBACK");
  }
}

/** One file whose functions differ from what the migrations left. */
export interface ChangedFile {
  file: FunctionFile;
  /** The functions of that name after the migrations (absent when the file adds one). */
  fromMigrations: FunctionState[];
  /** The functions the file defines. */
  fromFile: FunctionState[];
}

export interface FunctionDrift {
  flavour: Flavour;
  /** Files whose definitions the database does not have (new or changed). */
  changed: ChangedFile[];
  /** Functions of the database with no file of their name. */
  withoutFile: FunctionState[];
}

/**
 * Compares the files of the database's flavour with the functions the migrations left in `db`
 * (a migrated database). Throws when a file defines a function of another name, or none.
 */
export async function compareFunctions(db: SqlSession, files = listFunctionFiles()): Promise<FunctionDrift> {
  const flavour = await databaseFlavour(db);
  const mine = functionFilesFor(flavour, files);
  const fromMigrations = await databaseFunctions(db);
  const fromFiles = await functionsFromFiles(db, mine);
  const named = (map: Map<string, FunctionState>, name: string) => [...map.values()].filter((f) => f.name === name);
  for (const f of fromFiles.values()) {
    if (!mine.some((file) => file.name === f.name)) {
      throw new Error(`function ${f.signature} is defined in a file of another name: one file per function name`);
    }
  }
  const changed: ChangedFile[] = [];
  for (const file of mine) {
    const fromFile = named(fromFiles, file.name);
    if (fromFile.length === 0) throw new Error(`${file.path} defines no function named ${file.name}`);
    const before = named(fromMigrations, file.name);
    if (!isDeepStrictEqual(before, fromFile)) changed.push({ file, fromMigrations: before, fromFile });
  }
  const withoutFile = [...fromMigrations.values()].filter((f) => !mine.some((file) => file.name === f.name));
  return { flavour, changed, withoutFile };
}

/**
 * SQL that takes the migrations' functions of a changed file to the file's: the file itself,
 * after what CREATE OR REPLACE cannot do: DROP FUNCTION for a function whose signature, arguments
 * or result differ; privileges and comment reset to those of a new function when the file's
 * differ (its REVOKE/GRANT/COMMENT lines then apply as on a new function).
 */
export function replacementSql(change: ChangedFile): string {
  const lines: string[] = [];
  for (const old of change.fromMigrations) {
    const now = change.fromFile.find((f) => f.signature === old.signature);
    if (!now || now.arguments !== old.arguments || now.result !== old.result) {
      lines.push(`DROP FUNCTION ${old.signature};`);
      continue;
    }
    if (now.privileges !== old.privileges) {
      const grantees = new Set(old.privileges.split(", ").map((p) => p.slice(0, p.lastIndexOf(":"))));
      grantees.delete(old.owner);
      const quoted = [...grantees].map((g) => (g === "PUBLIC" ? g : `"${g.replaceAll('"', '""')}"`));
      if (quoted.length > 0) lines.push(`REVOKE ALL ON FUNCTION ${old.signature} FROM ${quoted.join(", ")};`);
      lines.push(`GRANT EXECUTE ON FUNCTION ${old.signature} TO PUBLIC;`);
    }
    if (old.comment !== null && now.comment === null) lines.push(`COMMENT ON FUNCTION ${old.signature} IS NULL;`);
  }
  return [...lines, change.file.sql.trim()].join("\n") + "\n";
}

/** A node-postgres client as a session (it runs several statements in one query). */
export function pgSession(client: { query(sql: string): Promise<{ rows: unknown[] }> }): SqlSession {
  return {
    exec: async (sql) => {
      await client.query(sql);
    },
    rows: async <T>(sql: string) => (await client.query(sql)).rows as T[],
  };
}

/** PGlite (one session; `exec` for several statements) as a session. */
export function pgliteSession(db: {
  exec(sql: string): Promise<unknown>;
  query<T>(sql: string): Promise<{ rows: T[] }>;
}): SqlSession {
  return {
    exec: async (sql) => {
      await db.exec(sql);
    },
    rows: async <T>(sql: string) => (await db.query<T>(sql)).rows,
  };
}

/** A dollar-quote tag found in none of the texts. */
function dollarTag(base: string, texts: string[]): string {
  for (let i = 0; ; i++) {
    const tag = `$${base}${i === 0 ? "" : i}$`;
    if (!texts.some((t) => t.includes(tag))) return tag;
  }
}

/**
 * The SQL of a migration taking the functions the migrations leave to those of the files, from
 * the drift of each flavour; undefined when nothing changed. A shared file that changed alike on
 * both flavours goes in as it is; anything else only where the flavour matches, inside a DO block
 * (as the migrations did).
 */
export function functionsMigrationSql(drifts: FunctionDrift[]): string | undefined {
  const per = new Map<string, Map<Flavour, { file: FunctionFile; sql: string }>>();
  for (const drift of drifts) {
    for (const change of drift.changed) {
      const byFlavour = per.get(change.file.name) ?? new Map();
      byFlavour.set(drift.flavour, { file: change.file, sql: replacementSql(change) });
      per.set(change.file.name, byFlavour);
    }
  }
  if (per.size === 0) return undefined;
  const shared: string[] = [];
  const flavoured = new Map<Flavour, string[]>();
  for (const [name, byFlavour] of [...per].sort(([a], [b]) => a.localeCompare(b))) {
    const all = [...byFlavour.values()];
    const header = (file: FunctionFile) => `-- ${name}: packages/db/sql/functions/${file.path}\n`;
    if (byFlavour.size === FLAVOURS.length && all.every((c) => c.file.flavour === undefined && c.sql === all[0]!.sql)) {
      shared.push(header(all[0]!.file) + all[0]!.sql);
      continue;
    }
    for (const [flavour, c] of byFlavour)
      flavoured.set(flavour, [...(flavoured.get(flavour) ?? []), header(c.file) + c.sql]);
  }
  const parts = [
    "-- Generated by `npm run db:functions-migration` from packages/db/sql/functions/: the current\n" +
      "-- definition of each function lives in its file there; change the file, not this migration.\n",
    ...shared,
  ];
  for (const flavour of FLAVOURS) {
    const statements = flavoured.get(flavour);
    if (!statements) continue;
    const outer = dollarTag("migration", statements);
    const inner = dollarTag("fn", statements);
    const body = statements.map((s) => `    EXECUTE ${inner}\n${s}${inner};\n`).join("");
    parts.push(
      `-- Only where telemetry is built for ${flavour}:\nDO ${outer}\nBEGIN\n` +
        `  IF (SELECT flavour FROM telemetry_settings) = '${flavour}' THEN\n${body}  END IF;\nEND ${outer};\n`,
    );
  }
  return parts.join("\n");
}
