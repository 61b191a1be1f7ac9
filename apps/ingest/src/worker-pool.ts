import cluster, { type Worker } from "node:cluster";
import type { Logger } from "@industryos/runtime";

/** What a worker tells the supervisor once its listeners are up. */
export const WORKER_READY = "ingest-worker-ready";

const RESTART_DELAY_MS = 1000;
/** More crashes than this within CRASH_WINDOW_MS means something is wrong that restarting will not fix. */
const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

/** The young generation the start script gives one ingest process (`--max-semi-space-size`, MiB). */
const NODE_SEMI_SPACE_MB = 128;
/** Below this a scavenge runs so often that it costs more than it saves (V8's own default is 16). */
const MIN_WORKER_SEMI_SPACE_MB = 16;

/**
 * The workers' node flags: the supervisor's, with the young generation divided among them. The
 * start script's 128 MiB semi-space lets a message die young while its batch commits (see
 * README, "Memory"); each of `count` workers receives 1/count of the node's messages, so the
 * same lifetime needs 1/count of it. Each worker keeping the whole 128 MiB cost every worker
 * ~250 MiB more RSS once a connect storm had grown its young generation: 6 workers holding
 * 100,000 connections spent ~15 KB per connection on it (bench/connections).
 */
export function workerExecArgv(execArgv: readonly string[], count: number): string[] {
  const semiSpace = Math.max(MIN_WORKER_SEMI_SPACE_MB, Math.round(NODE_SEMI_SPACE_MB / count));
  return [
    ...execArgv.filter((flag) => !flag.startsWith("--max-semi-space-size")),
    `--max-semi-space-size=${semiSpace}`,
  ];
}

/**
 * Runs `count` ingest processes that share this process's listening ports: node:cluster hands
 * each new TCP connection to one of them (CoAP is served by the first alone, see main.ts). One
 * JavaScript thread parses, validates and batches 33,000–35,500 MQTT messages/s here (with
 * PostgreSQL on the same 2 cores); workers let one node use more cores. They
 * are independent ingest nodes in every other respect (each batches its own connections'
 * messages, caches credentials in Redis, and receives downlinks for its devices over Redis
 * pub/sub), exactly as separate machines would be.
 *
 * A worker that fails before it is ready stops the whole pool (a bad configuration would fail
 * every restart); one that dies later is replaced, unless workers keep dying.
 */
export function startWorkerPool(count: number, logger: Logger): { stop(): Promise<void>; failed: Promise<never> } {
  const running = new Set<Worker>();
  const crashes: number[] = [];
  let stopping = false;
  let fail!: (error: Error) => void;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined); // observed by the caller; never an unhandled rejection here

  const fork = (index: number) => {
    const worker = cluster.fork({ INGEST_WORKER_INDEX: String(index) });
    let ready = false;
    running.add(worker);
    worker.on("message", (message: unknown) => {
      if (message === WORKER_READY) ready = true;
    });
    worker.on("exit", (code, signal) => {
      running.delete(worker);
      if (stopping) return;
      if (!ready) return fail(new Error(`ingest worker ${index} exited while starting (code ${code ?? signal})`));
      const now = Date.now();
      crashes.push(now);
      while (crashes[0]! < now - CRASH_WINDOW_MS) crashes.shift();
      if (crashes.length > MAX_CRASHES)
        return fail(new Error(`ingest workers exited ${crashes.length} times within a minute`));
      logger.error({ worker: index, code, signal }, "ingest worker exited; starting a new one");
      setTimeout(() => !stopping && fork(index), RESTART_DELAY_MS).unref();
    });
  };
  cluster.setupPrimary({ execArgv: workerExecArgv(process.execArgv, count) });
  for (let i = 0; i < count; i++) fork(i);

  return {
    failed,
    async stop() {
      stopping = true;
      await Promise.all(
        [...running].map(
          (worker) =>
            new Promise<void>((resolve) => {
              // A worker flushes its batches and latest values on SIGTERM; one that hangs is killed.
              const timer = setTimeout(() => worker.process.kill("SIGKILL"), STOP_TIMEOUT_MS);
              worker.once("exit", () => {
                clearTimeout(timer);
                resolve();
              });
              worker.process.kill("SIGTERM");
            }),
        ),
      );
    },
  };
}
