import { existsSync } from "node:fs";
import { ensureHelm } from "./helm-install.ts";
import { ensureKubernetesValidate } from "./kubernetes-validate-install.ts";
import { ensureDebianPackages, ensureHaproxyInstalled } from "./system-packages.ts";
import { ensureTemporalCli, ensureTemporalTestServer } from "./temporal.ts";

export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Installs what the test suites need before any of them start, so slow one-time installs
 * (the Temporal servers, a browser, helm and kubernetes-validate for the chart) happen once,
 * up front, with progress, instead of inside a test's timeout.
 */
export async function prepareTestPrerequisites(log: (msg: string) => void): Promise<void> {
  if (!existsSync(CHROMIUM_PATH)) ensureDebianPackages(["chromium"], log);
  // packages/launcher's cluster test runs `npm run cluster`, which puts HAProxy in front of its nodes.
  ensureHaproxyInstalled(log);
  const [cli, testServer, helm, kubernetesValidate] = await Promise.all([
    ensureTemporalCli({ log }),
    ensureTemporalTestServer({ log }),
    ensureHelm({ log }),
    ensureKubernetesValidate({ log }),
  ]);
  log(`Temporal CLI: ${cli}`);
  log(`Temporal test server: ${testServer}`);
  log(`helm: ${helm}`);
  log(`kubernetes-validate: ${kubernetesValidate}`);
}
