import { spawn } from "node:child_process";
import {
  ensureTemporalTestServer,
  freePort,
  startTemporalDevServer,
  waitForPort,
  type TemporalDevServer,
} from "@industryos/devstack";

/** A Temporal dev server on a free port, its output dropped. */
export async function startQuietTemporalDevServer(): Promise<TemporalDevServer> {
  return startTemporalDevServer({ port: await freePort(), log: () => {} });
}

export interface TemporalTestServer {
  /** host:port, for TEMPORAL_ADDRESS. */
  address: string;
  stop(): void;
}

/** The Java Temporal test server, started plainly (real time, no skipping), on a free port. */
export async function startTemporalTestServer(): Promise<TemporalTestServer> {
  const [executable, port] = await Promise.all([ensureTemporalTestServer(), freePort()]);
  const server = spawn(executable, [String(port)], { stdio: "ignore" });
  try {
    await waitForPort(port, "127.0.0.1", 60_000, "the Temporal test server");
  } catch (error) {
    server.kill();
    throw error;
  }
  return { address: `127.0.0.1:${port}`, stop: () => server.kill() };
}
