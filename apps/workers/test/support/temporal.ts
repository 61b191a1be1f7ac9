import { TestWorkflowEnvironment } from "@temporalio/testing";
import { DefaultLogger, Runtime } from "@temporalio/worker";
// Relative until @industryos/devstack's index re-exports ./temporal.ts.
import { ensureTemporalTestServer } from "@industryos/devstack";

/** Installing a server the first time builds or downloads it: minutes, not the default hook timeout. */
export const INSTALL_TIMEOUT_MS = 15 * 60_000;

/** Keep the SDK's per-poll INFO lines out of test output; warnings and errors still show. */
export function quietTemporalLogs() {
  try {
    Runtime.install({ logger: new DefaultLogger("WARN") });
  } catch {
    // already installed in this process
  }
}

/**
 * A time-skipping environment on the Java test server (installed by devstack). The SDK gives
 * a server 5 s to open its port; the launcher's class-data archive makes the JVM answer in
 * well under a second, and a busy machine gets two more attempts before the test fails.
 */
export async function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  const path = await ensureTemporalTestServer();
  const errors: string[] = [];
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: "existing-path", path } },
      });
    } catch (error) {
      errors.push(`attempt ${attempt}: ${(error as Error).message}`);
      console.warn(`Temporal test server did not start (${errors.at(-1)}); retrying`);
    }
  }
  throw new Error(`Temporal test server ${path} did not start:\n${errors.join("\n")}`);
}
