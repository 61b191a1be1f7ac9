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
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { prismaDir, schemaPath } from "../paths.ts";
import { writeMigration } from "../migration-folder.ts";
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
  const file = writeMigration(values.write, sql);
  console.error(`wrote ${relative(process.cwd(), file)}`);
}
process.stdout.write(sql.trim() === "" ? "-- the schema has not changed\n" : sql);
// The wasm engine keeps timers alive; this is a one-shot tool.
process.exit(0);
