// `npm test`: the one command that checks the whole project on a fresh machine. It starts (or
// reuses) real PostgreSQL, Redis and the Temporal servers' binaries, then runs typecheck, lint
// and every package's tests, and prints one closing line with the totals.
import { startLocalServices } from "../services.ts";
import { runCommand } from "../run.ts";
import { clearTestResults, summarizeTestResults } from "../test-results.ts";
import { prepareTestPrerequisites } from "../test-prerequisites.ts";

const started = Date.now();
const step = (name: string) => console.log(`\n=== ${name} (${Math.round((Date.now() - started) / 1000)} s) ===`);

step("services");
const external = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
const services = external ? undefined : await startLocalServices("test", (m) => console.log(m));
const env = {
  ...process.env,
  NODE_ENV: "test",
  TURBO_TELEMETRY_DISABLED: "1",
  DATABASE_URL: process.env.DATABASE_URL ?? services!.postgresUrl,
  REDIS_URL: process.env.REDIS_URL ?? services!.redisUrl,
};
await prepareTestPrerequisites((m) => console.log(m));

let failed = false;
const turbo = (args: string[]) =>
  runCommand("npx", ["turbo", "run", ...args, "--env-mode=loose", "--output-logs=full"], env);

// The same scripts a developer runs: every workspace through turbo, plus the benchmarks.
step("typecheck");
failed = (await runCommand("npm", ["run", "typecheck"], env)) !== 0 || failed;
step("lint");
failed = (await runCommand("npm", ["run", "lint"], env)) !== 0 || failed;
step("tests");
clearTestResults();
failed = (await turbo(["test", "--concurrency=1", "--continue"])) !== 0 || failed;

await services?.stop();
const totals = summarizeTestResults();
step("summary");
console.log(`packages with tests: ${totals.packages.join(", ")}`);
for (const failure of totals.failures) console.log(`FAILED ${failure}`);
if (totals.passed + totals.failed === 0) {
  console.log("no tests ran");
  failed = true;
}
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(failed || totals.failed > 0 ? 1 : 0);
