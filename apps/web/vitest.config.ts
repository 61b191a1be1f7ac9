import { fileURLToPath } from "node:url";
import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

// Browser test files each start a Next dev server on the same build folder (.next-test, so pages
// compile once for all of them): run the files one after another.
// `@/client/*` is tsconfig.json's path alias (Next reads it from there; vitest does not).
export default mergeConfig(
  shared,
  defineConfig({
    resolve: { alias: { "@/client": fileURLToPath(new URL("./src/client", import.meta.url)) } },
    test: { include: ["test/**/*.test.ts"], fileParallelism: false },
  }),
);
