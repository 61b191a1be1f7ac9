import { existsSync } from "node:fs";
import { ensureDebianPackages } from "./system-packages.ts";
import { ensureTemporalCli, ensureTemporalTestServer } from "./temporal.ts";

export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Installs what the test suites need before any of them start, so slow one-time installs
 * (the Temporal servers, a browser) happen once, up front, with progress, instead of inside a
 * test's timeout.
 */
export async function prepareTestPrerequisites(log: (msg: string) => void): Promise<void> {
  if (!existsSync(CHROMIUM_PATH)) ensureDebianPackages(["chromium"], log);
  const [cli, testServer] = await Promise.all([ensureTemporalCli({ log }), ensureTemporalTestServer({ log })]);
  log(`Temporal CLI: ${cli}`);
  log(`Temporal test server: ${testServer}`);
}
