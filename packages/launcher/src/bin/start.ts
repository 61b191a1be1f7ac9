// `npm start`: the whole platform on one machine with working defaults, as it is deployed
// (production build, NODE_ENV=production). `npm run dev` (`--dev`): the same with Next's dev
// server and hot reload. `npm run cluster` (`--cluster [--web N --ingest N --workers N]`): two
// processes of each tier (or N) behind HAProxy on the same public ports. Services come from the
// machine (installed with apt when missing), data stays under .data/, and Ctrl-C stops everything
// this command started.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startLocalStack } from "../local-stack.ts";
import { tierCountsFromArgs } from "../cluster/cluster-plan.ts";
import { repoRoot } from "@industryos/devstack";

const envFile = join(repoRoot, ".env");
if (existsSync(envFile)) process.loadEnvFile(envFile);

const argv = process.argv.slice(2);
let cluster;
try {
  cluster = argv.includes("--cluster") ? tierCountsFromArgs(argv) : undefined;
  // Two `next dev` servers would write into one build folder.
  if (cluster && argv.includes("--dev"))
    throw new Error("--dev runs one node of each tier; a cluster runs the production build");
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
await startLocalStack({ mode: argv.includes("--dev") ? "development" : "production", cluster });
