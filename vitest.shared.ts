import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// One JSON report per package, so the root test runner can add them up.
const name = basename(process.cwd());

/** Settings every package's vitest.config.ts starts from. */
export default defineConfig({
  test: {
    globalSetup: [fileURLToPath(new URL("./packages/devstack/src/vitest/global-setup.ts", import.meta.url))],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    reporters: ["default", "json"],
    outputFile: { json: fileURLToPath(new URL(`./.data/test-results/${name}.json`, import.meta.url)) },
  },
});
