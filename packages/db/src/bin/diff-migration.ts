// Prints the SQL of a new migration: the difference between a previous version of
// prisma/schema.prisma and the current one, computed offline by Prisma's own schema engine
// (WebAssembly build). Row-level security, grants and telemetry DDL are not in the schema:
// add them by hand below the generated SQL.
//
//   npx tsx packages/db/src/bin/diff-migration.ts                  # from the committed schema (git HEAD)
//   npx tsx packages/db/src/bin/diff-migration.ts --from old.prisma
//   npx tsx packages/db/src/bin/diff-migration.ts --from-empty
//   ... --write add_widgets   # also writes prisma/migrations/<timestamp>_add_widgets/migration.sql
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { migrationsDir, prismaDir, schemaPath } from "../paths.ts";
import { listMigrations } from "../migrate.ts";
import { diffSchemas } from "../schema-engine/engine.ts";

const { values } = parseArgs({
  options: { from: { type: "string" }, "from-empty": { type: "boolean" }, write: { type: "string" } },
});

function committedSchema(): string {
  const root = join(prismaDir, "..");
  return execFileSync("git", ["show", `HEAD:${relative(root, schemaPath)}`], { cwd: root, encoding: "utf8" });
}

const from = values["from-empty"] ? undefined : values.from ? readFileSync(values.from, "utf8") : committedSchema();
const sql = await diffSchemas(from, readFileSync(schemaPath, "utf8"));
if (values.write) {
  // Folder names order the migrations: never sort before one that exists.
  const last = listMigrations().at(-1)?.name.slice(0, 14);
  const toStamp = (d: Date) => d.toISOString().replace(/\D/g, "").slice(0, 14);
  const fromStamp = (s: string) =>
    new Date(
      `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)}Z`,
    );
  const now = toStamp(new Date());
  const stamp = last && last >= now ? toStamp(new Date(fromStamp(last).getTime() + 1000)) : now;
  const dir = join(migrationsDir, `${stamp}_${values.write}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "migration.sql"), sql);
  console.error(`wrote ${relative(process.cwd(), join(dir, "migration.sql"))}`);
}
process.stdout.write(sql.trim() === "" ? "-- the schema has not changed\n" : sql);
// The wasm engine keeps timers alive; this is a one-shot tool.
process.exit(0);
