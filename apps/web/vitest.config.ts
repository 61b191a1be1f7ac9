import { fileURLToPath } from "node:url";
import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

// Browser test files each start a production web server over one build (.next-test, built once
// and reused until the sources change): run the files one after another.
// `@/client/*` is tsconfig.json's path alias (Next reads it from there; vitest does not).
export default mergeConfig(
  shared,
  defineConfig({
    resolve: { alias: { "@/client": fileURLToPath(new URL("./src/client", import.meta.url)) } },
    test: { include: ["test/**/*.test.ts"], fileParallelism: false },
  }),
);
