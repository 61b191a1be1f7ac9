// `prisma generate` for the postinstall of @industryos/db, so a fresh clone has a client after
// `npm install`. Generating needs no schema engine, but the CLI insists that one exists and
// cannot download it here: any existing file satisfies the check.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const cwd = fileURLToPath(new URL("..", import.meta.url));
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
const result = spawnSync("npx", ["--no-install", "prisma", "generate"], { cwd, env, stdio: "inherit" });
process.exit(result.status ?? 1);
