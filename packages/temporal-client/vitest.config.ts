import { defineConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

// This package's tests need no PostgreSQL or Redis: the shared settings without the global setup that starts them.
export default defineConfig({ test: { ...shared.test, globalSetup: [], include: ["test/**/*.test.ts"] } });
