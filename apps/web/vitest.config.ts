import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

// Browser test files each start a Next dev server on the same build folder (.next-test, so pages
// compile once for all of them): run the files one after another.
export default mergeConfig(shared, defineConfig({ test: { include: ["test/**/*.test.ts"], fileParallelism: false } }));
