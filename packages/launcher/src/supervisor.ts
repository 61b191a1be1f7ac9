import type { ChildProcess } from "node:child_process";
import { stopChild } from "@industryos/devstack";

export interface BackoffOptions {
  /** Wait before the first restart. */
  initialMs: number;
  /** The wait doubles with each exit in a row, up to this. */
  maxMs: number;
  /** A process that ran this long before it exited starts again from `initialMs`. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 30_000, resetAfterMs: 60_000 };

export interface ProcessSpec {
  name: string;
  /** Starts the process (in its own process group, so stopping it ends everything it started). */
  start(): ChildProcess;
  /**
   * Asked on every exit: true means the exit is a failure no restart can help (a bad
   * configuration at startup), so the supervisor hands it to `onFatal` instead of restarting.
   */
  isFatal?(exit: ProcessExit): boolean;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** How long this run lasted. */
  ranMs: number;
}

export interface SupervisorOptions {
  log: (message: string) => void;
  backoff?: Partial<BackoffOptions>;
  onFatal?: (name: string, exit: ProcessExit) => void;
}

interface Supervised {
  spec: ProcessSpec;
  child?: ChildProcess;
  startedAt: number;
  restarts: number;
  /** Exits in a row, each after less than `resetAfterMs`: the backoff's exponent. */
  streak: number;
  timer?: NodeJS.Timeout;
}

const describeExit = (exit: ProcessExit) => exit.signal ?? `code ${exit.code}`;

function duration(ms: number): string {
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

/**
 * Keeps processes running: one that exits (a crash, `kill -9`, an out-of-memory kill) is logged,
 * counted and started again after a backoff that doubles while it keeps failing; the others are
 * not touched. Only `stop()` ends them.
 */
export class Supervisor {
  private readonly processes = new Map<string, Supervised>();
  private readonly backoff: BackoffOptions;
  private stopping = false;

  constructor(private readonly options: SupervisorOptions) {
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  }

  /** Starts a process and keeps it running until `stop()`. */
  add(spec: ProcessSpec): void {
    if (this.processes.has(spec.name)) throw new Error(`${spec.name} is supervised already`);
    const entry: Supervised = { spec, startedAt: 0, restarts: 0, streak: 0 };
    this.processes.set(spec.name, entry);
    this.launch(entry);
  }

  /** How many times each process was started again. */
  restarts(): Record<string, number> {
    return Object.fromEntries([...this.processes].map(([name, p]) => [name, p.restarts]));
  }

  /** The current process of `name` (a new one after each restart). */
  child(name: string): ChildProcess | undefined {
    return this.processes.get(name)?.child;
  }

  private launch(entry: Supervised) {
    entry.timer = undefined;
    if (this.stopping) return;
    entry.startedAt = Date.now();
    const child = entry.spec.start();
    entry.child = child;
    child.once("error", (error) => this.options.log(`${entry.spec.name} could not be started: ${error.message}`));
    child.once("exit", (code, signal) =>
      this.exited(entry, child, { code, signal, ranMs: Date.now() - entry.startedAt }),
    );
  }

  private exited(entry: Supervised, child: ChildProcess, exit: ProcessExit) {
    if (this.stopping || entry.child !== child) return;
    entry.child = undefined;
    const name = entry.spec.name;
    if (entry.spec.isFatal?.(exit)) {
      this.options.log(`${name} exited (${describeExit(exit)})`);
      this.options.onFatal?.(name, exit);
      return;
    }
    entry.streak = exit.ranMs >= this.backoff.resetAfterMs ? 1 : entry.streak + 1;
    const delay = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** (entry.streak - 1));
    entry.restarts += 1;
    this.options.log(
      `${name} exited (${describeExit(exit)}) after ${duration(exit.ranMs)}; restart ${entry.restarts} in ${duration(delay)}` +
        (entry.streak > 1 ? ` (${entry.streak} exits in a row)` : ""),
    );
    // The process group may still hold children of the dead process (the app under npm, Next's
    // workers): end them first, so the new one finds its ports free.
    void stopChild(child, 2_000).then(() => {
      if (!this.stopping) entry.timer = setTimeout(() => this.launch(entry), delay);
    });
  }

  /** Stops every process (SIGTERM to its group, SIGKILL after `graceMs`) and restarts none. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    const running: ChildProcess[] = [];
    for (const entry of this.processes.values()) {
      if (entry.timer) clearTimeout(entry.timer);
      if (entry.child) running.push(entry.child);
    }
    await Promise.all(running.map((child) => stopChild(child, graceMs)));
  }
}
