// `npm start`: the whole platform on one machine with working defaults. Services come from
// the machine (installed with apt when missing), data stays under .data/, and Ctrl-C stops
// everything this command started.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startLocalStack } from "../local-stack.ts";
import { repoRoot } from "@industryos/devstack";

const envFile = join(repoRoot, ".env");
if (existsSync(envFile)) process.loadEnvFile(envFile);

await startLocalStack();
