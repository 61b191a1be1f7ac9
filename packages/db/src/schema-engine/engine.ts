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

// Node has WebAssembly; this project's lib settings (ES2023, no DOM) do not declare it.
const wasmApi = (globalThis as unknown as {
  WebAssembly: { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }> };
}).WebAssembly;

type Engine = Awaited<ReturnType<typeof bg.SchemaEngine.new>>;
let loaded: Promise<void> | undefined;

function loadWasm(): Promise<void> {
  loaded ??= (async () => {
    // The package exports no path to its .wasm file; it sits beside the JS glue.
    const require = createRequire(import.meta.url);
    const wasmPath = join(dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
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
 * Runs `fn` with a schema engine. `url` is only used when the operation needs a database;
 * a schema-to-schema diff runs offline (the adapter is never asked for a connection).
 */
export async function withSchemaEngine<T>(
  opts: { schema: string; url?: string },
  fn: (engine: Engine) => Promise<T>,
): Promise<T> {
  await loadWasm();
  const adapter = bindMigrationAwareSqlAdapterFactory(
    opts.url ? new PrismaPg({ connectionString: opts.url }) : offlineAdapterFactory(),
  );
  const logs: string[] = [];
  const engine = await bg.SchemaEngine.new({ datamodels: [["schema.prisma", opts.schema]] }, (l: string) => logs.push(l), adapter);
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}

/** The SQL that takes a database from the schema `from` (or empty) to the schema `to`. */
export async function diffSchemas(from: string | undefined, to: string): Promise<string> {
  return withSchemaEngine({ schema: to }, async (engine) => {
    const result = await engine.diff({
      from: from === undefined ? { tag: "empty" } : { tag: "schemaDatamodel", files: [{ path: "from.prisma", content: from }] },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: to }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.stdout ?? "";
  });
}
