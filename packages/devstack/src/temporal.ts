import { execFile, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { isPortOpen } from "./net.ts";
import { ensureTemporalCli } from "./temporal-install.ts";

export {
  ensureTemporalCli,
  ensureTemporalTestServer,
  temporalCliInstalled,
  TEMPORAL_CLI_VERSION,
  TEMPORAL_TEST_SERVER_VERSION,
  type InstallOptions,
} from "./temporal-install.ts";
export { toolCacheRoot } from "./temporal-cache.ts";

export interface TemporalDevServer {
  /** host:port of the frontend gRPC service, for `Connection.connect({ address })`. */
  address: string;
  /** False when a server already answered on the port and is merely reused. */
  startedHere: boolean;
  /** Resolves with the reason once a server started here exits without `stop()` (never for a reused one). */
  exited: Promise<string>;
  stop(): Promise<void>;
}

export interface TemporalDevServerOptions {
  port: number;
  /** SQLite file that keeps workflows across restarts; omit for an in-memory server. */
  dbFile?: string;
  /** Serve the Web UI on this port; omit for a headless server. */
  uiPort?: number;
  /** Created at start besides `default`, which always exists. */
  namespaces?: string[];
  log?: (msg: string) => void;
  readyTimeoutMs?: number;
  /** Cancels building the CLI (see `ensureTemporalCli`). */
  signal?: AbortSignal;
}

/** The CLI must ignore any user profile (~/.config/temporalio) that points elsewhere. */
const NO_USER_CONFIG = ["--disable-config-file", "--disable-config-env"];

function namespaceAnswers(bin: string, address: string): Promise<boolean> {
  const args = ["operator", "namespace", "describe", "--namespace", "default", "--address", address, ...NO_USER_CONFIG];
  return new Promise((done) => execFile(bin, args, { timeout: 5_000 }, (error) => done(!error)));
}

/**
 * Starts `temporal server start-dev` on 127.0.0.1:`port` and resolves once the frontend answers
 * gRPC calls for the `default` namespace (not merely once the port is open).
 */
export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const log = opts.log ?? ((msg: string) => console.warn(`[temporal] ${msg}`));
  const address = `127.0.0.1:${opts.port}`;
  if (await isPortOpen(opts.port)) {
    log(`a server already listens on ${address}; reusing it`);
    return { address, startedHere: false, exited: new Promise<string>(() => {}), stop: async () => {} };
  }
  const bin = await ensureTemporalCli({ log, signal: opts.signal });
  const args = ["server", "start-dev", "--ip", "127.0.0.1", "--port", String(opts.port), "--log-level", "error"];
  args.push(...(opts.uiPort ? ["--ui-port", String(opts.uiPort)] : ["--headless"]));
  for (const ns of opts.namespaces ?? []) args.push("--namespace", ns);
  if (opts.dbFile) {
    mkdirSync(dirname(resolve(opts.dbFile)), { recursive: true });
    args.push("--db-filename", resolve(opts.dbFile));
  }
  args.push(...NO_USER_CONFIG);

  log(`starting Temporal dev server on ${address}${opts.dbFile ? ` (state in ${opts.dbFile})` : " (in memory)"}`);
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split("\n").filter(Boolean));
    output.splice(0, Math.max(0, output.length - 40));
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let exitedWith: string | undefined;
  let stopped = false;
  const exited = new Promise<void>((done) => {
    child.once("exit", (code, signal) => {
      exitedWith = signal ?? `exit ${code}`;
      done();
    });
    child.once("error", (error) => {
      exitedWith = error.message;
      done();
    });
  });

  const stop = async () => {
    stopped = true;
    if (exitedWith) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  while (!(await namespaceAnswers(bin, address))) {
    if (exitedWith || Date.now() > deadline) {
      await stop();
      const why = exitedWith ? `exited (${exitedWith})` : `did not answer within ${opts.readyTimeoutMs ?? 60_000} ms`;
      throw new Error(`Temporal dev server on ${address} ${why}:\n${output.join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  // Pending forever after stop(): only an exit nobody asked for is news.
  const unexpectedExit = exited.then(() => (stopped ? new Promise<string>(() => {}) : (exitedWith ?? "exited")));
  return { address, startedHere: true, exited: unexpectedExit, stop };
}
