import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { dataRoot, freePort, type RunningService } from "@industryos/devstack";

/**
 * A server of one test file's own, in a fresh directory under .data/ on a free port, for tests
 * that stop it mid-stream (the shared test servers are never touched). Its data stays between a
 * `stop` and the next `start`; `dispose` stops it and removes the directory.
 */
export async function restartableService(
  prefix: string,
  start: (where: { dataDir: string; port: number }) => Promise<RunningService>,
) {
  mkdirSync(dataRoot, { recursive: true }); // a fresh clone has no .data/ yet
  const dataDir = mkdtempSync(join(dataRoot, prefix));
  const port = await freePort();
  let running = await start({ dataDir, port }).catch((error: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  return {
    get url() {
      return running.url;
    },
    stop: () => running.stop(),
    async start() {
      running = await start({ dataDir, port });
    },
    async dispose() {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type RestartableService = Awaited<ReturnType<typeof restartableService>>;
