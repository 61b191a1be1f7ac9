// `npm start`: the whole platform on one machine with working defaults, as it is deployed
// (production build, NODE_ENV=production). `npm run dev` (`--dev`): the same with Next's dev
// server and hot reload. Services come from the machine (installed with apt when missing), data
// stays under .data/, and Ctrl-C stops everything this command started.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startLocalStack } from "../local-stack.ts";
import { repoRoot } from "@industryos/devstack";

const envFile = join(repoRoot, ".env");
if (existsSync(envFile)) process.loadEnvFile(envFile);

await startLocalStack({ mode: process.argv.includes("--dev") ? "development" : "production" });
