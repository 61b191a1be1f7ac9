// Loads Prisma's official schema engine compiled to WebAssembly (@prisma/schema-engine-wasm),
// which needs no binary download. Used only by dev tools (diff-migration) and the drift test.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";

// Node has WebAssembly; this project's lib settings (ES2023, no DOM) do not declare it.
const wasmApi = (
  globalThis as unknown as {
    WebAssembly: {
      instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
    };
  }
).WebAssembly;

type Engine = Awaited<ReturnType<typeof bg.SchemaEngine.new>>;
let loaded: Promise<void> | undefined;

let lastPanic = "";

function loadWasm(): Promise<void> {
  loaded ??= (async () => {
    // The wasm build reports panics through this global before it throws.
    (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message: (message: string) => {
        lastPanic = message;
        if (process.env.DEBUG_SCHEMA_ENGINE) console.error("PANIC", message);
      },
    };
    // The package exports no path to its .wasm file; it sits beside the JS glue.
    const require = createRequire(import.meta.url);
    const wasmPath = join(
      dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")),
      "schema_engine_bg.wasm",
    );
    const { instance } = await wasmApi.instantiate(await readFile(wasmPath), { "./schema_engine_bg.js": bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  })();
  return loaded;
}

/**
 * A stand-in database for schema-to-schema diffs: the engine only asks for the server version
 * before it computes the SQL, so we answer that one query as PostgreSQL 15 would.
 */
function offlineAdapterFactory(): SqlMigrationAwareDriverAdapterFactory {
  const adapter: SqlDriverAdapter = {
    provider: "postgres",
    adapterName: "industryos-offline",
    async queryRaw(query) {
      if (!query.sql.includes("server_version_num")) throw new Error(`offline schema engine cannot run: ${query.sql}`);
      return {
        columnNames: ["exists", "version", "numeric_version"],
        columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
        rows: [[true, "PostgreSQL 15.0", 150000]],
      };
    },
    async executeRaw(query) {
      throw new Error(`offline schema engine cannot run: ${query.sql}`);
    },
    async executeScript() {
      throw new Error("offline schema engine cannot run scripts");
    },
    async startTransaction() {
      throw new Error("offline schema engine has no transactions");
    },
    async dispose() {},
  };
  return {
    provider: "postgres",
    adapterName: "industryos-offline",
    connect: async () => adapter,
    connectToShadowDb: async () => adapter,
  };
}

/**
 * adapter-pg 7.10 cannot map PostgreSQL's one-byte "char" type (oid 18, e.g. pg_constraint.contype),
 * which the engine's introspection reads as a character. The pool reports such columns as text
 * (pg returns them as strings anyway) and remembers their names; the adapter wrapper then types
 * them as characters for the engine.
 */
const charColumns = new Set<string>();

function introspectionAdapter(url: string): SqlMigrationAwareDriverAdapterFactory {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<pg.QueryResult>;
  (pool as unknown as { query: typeof query }).query = async (...args) => {
    const result = await query(...args);
    for (const field of result.fields ?? []) {
      if (field.dataTypeID === 18) {
        field.dataTypeID = 25;
        charColumns.add(field.name);
      }
    }
    return result;
  };
  const factory = new PrismaPg(pool);
  const wrap = (adapter: SqlDriverAdapter): SqlDriverAdapter =>
    Object.assign(Object.create(adapter) as SqlDriverAdapter, {
      async queryRaw(q: Parameters<SqlDriverAdapter["queryRaw"]>[0]) {
        const result = await adapter.queryRaw(q);
        result.columnTypes = result.columnTypes.map((t, i) =>
          charColumns.has(result.columnNames[i]!) ? ColumnTypeEnum.Character : t,
        );
        return result;
      },
    });
  return {
    provider: "postgres",
    adapterName: factory.adapterName,
    connect: async () => wrap(await factory.connect()),
    connectToShadowDb: async () => wrap(await factory.connectToShadowDb()),
  };
}

/**
 * Runs `fn` with a schema engine. `url` is only used when the operation needs a database;
 * a schema-to-schema diff runs offline (the adapter is never asked for a connection).
 */
export async function withSchemaEngine<T>(
  opts: { schema: string; url?: string },
  fn: (engine: Engine) => Promise<T>,
): Promise<T> {
  await loadWasm();
  const adapter = bindMigrationAwareSqlAdapterFactory(
    opts.url ? introspectionAdapter(opts.url) : offlineAdapterFactory(),
  );
  const logs: string[] = [];
  const engine = await bg.SchemaEngine.new(
    { datamodels: [["schema.prisma", opts.schema]] },
    (l: string) => logs.push(l),
    adapter,
  );
  try {
    return await fn(engine);
  } catch (error) {
    if (lastPanic) (error as Error).message += `\nschema engine panic: ${lastPanic}`;
    throw error;
  } finally {
    engine.free();
  }
}

/** The SQL that takes a database from the schema `from` (or empty) to the schema `to`. */
export async function diffSchemas(from: string | undefined, to: string): Promise<string> {
  return withSchemaEngine({ schema: to }, async (engine) => {
    const result = await engine.diff({
      from:
        from === undefined
          ? { tag: "empty" }
          : { tag: "schemaDatamodel", files: [{ path: "from.prisma", content: from }] },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: to }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.stdout ?? "";
  });
}
