import { createHash, randomBytes } from "node:crypto";
import { APP_ROLE, SYSTEM_ROLE, parseConfig } from "@industryos/config";
import pg from "pg";
import { listMigrations, migrate } from "../migrate.ts";

export interface TestDatabase {
  /** Database name (industryos_test_<random>). */
  name: string;
  /** Superuser / owner connection to this database. */
  ownerUrl: string;
  /** Application role (row-level security applies). */
  appUrl: string;
  /** System role (BYPASSRLS). */
  systemUrl: string;
  /** Drops the database (terminating its connections). */
  drop(): Promise<void>;
}

// Advisory locks are per database: every test process takes this one in the server URL's database.
const TEMPLATE_LOCK = 7_240_011_002;

function withDatabase(url: string, database: string, user?: string, password?: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (user) {
    u.username = user;
    u.password = password ?? "";
  }
  return u.toString();
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: "industryos-test-db" });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Name of the template for the current migration set: a new migration means a new template. */
function templateName(): string {
  const hash = createHash("sha256");
  for (const m of listMigrations()) hash.update(m.name).update(m.checksum);
  return `industryos_tpl_${hash.digest("hex").slice(0, 16)}`;
}

/** Per server: a test file may use a throwaway server of its own besides the shared one. */
const templateReady = new Map<string, Promise<string>>();

/** Creates (once per migration set, across processes) the migrated template database. */
function ensureTemplate(serverUrl: string, passwords: { app: string; system: string }): Promise<string> {
  const server = withDatabase(serverUrl, "postgres");
  const known = templateReady.get(server);
  if (known) return known;
  const ready = withClient(serverUrl, async (client) => {
    const name = templateName();
    await client.query("SET client_min_messages = warning");
    await client.query("SELECT pg_advisory_lock($1)", [TEMPLATE_LOCK]);
    try {
      const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (exists.rowCount) return name;
      // Build under a temporary name and rename when complete, so a crash never leaves a
      // half-migrated template that looks current.
      const building = `${name}_building`;
      await client.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${building}`);
      await migrate({
        ownerUrl: withDatabase(serverUrl, building),
        appPassword: passwords.app,
        systemPassword: passwords.system,
      });
      await client.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      await client.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
      // Templates of older migration sets are garbage now; drop them when nobody uses them.
      const stale = await client.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE 'industryos\\_tpl\\_%' AND datname <> $1",
        [name],
      );
      for (const { datname } of stale.rows) {
        await client.query(`ALTER DATABASE ${datname} WITH IS_TEMPLATE false`).catch(() => {});
        await client.query(`DROP DATABASE IF EXISTS ${datname}`).catch(() => {});
      }
      return name;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [TEMPLATE_LOCK]).catch(() => {});
    }
  });
  templateReady.set(server, ready);
  ready.catch(() => templateReady.delete(server));
  return ready;
}

/**
 * A fresh, fully migrated database for one test file: a `CREATE DATABASE ... TEMPLATE` clone
 * of a template migrated once per migration set (trigger.dev's pattern). Needs `DATABASE_URL`
 * (any database on the server, as a superuser); the vitest global setup provides it.
 */
export async function createTestDatabase(opts: { serverUrl?: string } = {}): Promise<TestDatabase> {
  const serverUrl = opts.serverUrl ?? process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("createTestDatabase needs DATABASE_URL (a superuser URL of the test server)");
  const config = parseConfig({ ...process.env, DATABASE_URL: serverUrl });
  const passwords = { app: config.DATABASE_APP_PASSWORD, system: config.DATABASE_SYSTEM_PASSWORD };
  const template = await ensureTemplate(serverUrl, passwords);
  const name = `industryos_test_${randomBytes(6).toString("hex")}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    name,
    ownerUrl: withDatabase(serverUrl, name),
    appUrl: withDatabase(serverUrl, name, APP_ROLE, passwords.app),
    systemUrl: withDatabase(serverUrl, name, SYSTEM_ROLE, passwords.system),
    drop: () => withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}
