import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

// stack.test.ts and first-start.test.ts each run a whole `npm start`: one at a time.
export default mergeConfig(shared, defineConfig({ test: { include: ["test/**/*.test.ts"], fileParallelism: false } }));
