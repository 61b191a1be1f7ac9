import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir, setPriority } from "node:os";
import { dirname, join } from "node:path";

/** Tools built or fetched once per machine live here: `$INDUSTRYOS_CACHE`, else `~/.cache/industryos`. */
export function toolCacheRoot(): string {
  if (process.env.INDUSTRYOS_CACHE) return process.env.INDUSTRYOS_CACHE;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "industryos");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A lock directory is stale when its owner died, or when it never got an owner file. */
function isStale(lockDir: string): boolean {
  try {
    const pid = Number(readFileSync(join(lockDir, "owner"), "utf8"));
    return Number.isInteger(pid) && pid > 0 && !processAlive(pid);
  } catch {
    try {
      return Date.now() - statSync(lockDir).mtimeMs > 30_000;
    } catch {
      return false; // the lock vanished meanwhile: just try again
    }
  }
}

/**
 * Runs `fn` while holding `lockDir` (mkdir is atomic), so concurrent installers on one machine
 * (parallel test workers, two terminals) wait for each other instead of racing in the cache.
 */
export async function withInstallLock<T>(
  lockDir: string,
  log: (msg: string) => void,
  fn: () => Promise<T>,
): Promise<T> {
  mkdirSync(dirname(lockDir), { recursive: true });
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, "owner"), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (isStale(lockDir)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!announced) log(`waiting for another process to finish installing (lock ${lockDir})`);
      announced = true;
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Writes a file under a temporary name and renames it into place, so readers never see half of it. */
export function writeFileAtomic(path: string, content: string, mode = 0o644) {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, content, { mode });
  renameSync(tmp, path);
}

/** Maven colours its output even in batch mode. */
const ANSI_COLOR = new RegExp(`${String.fromCharCode(27)}\\[[\\d;]*m`, "g");

/**
 * Runs a command, forwarding each output line to `log` (installs take minutes: show progress)
 * and keeping the tail for the error message when it fails.
 */
export function runLogged(
  command: string,
  args: string[],
  opts: {
    cwd: string;
    env?: NodeJS.ProcessEnv;
    log: (msg: string) => void;
    what: string;
    /** Aborting kills the command (SIGTERM) and rejects. */
    signal?: AbortSignal;
    /** Scheduling priority (nice value, 19 = lowest): a one-time build in the background yields the CPU. */
    niceness?: number;
  },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      signal: opts.signal,
      killSignal: "SIGTERM",
    });
    if (opts.niceness !== undefined && child.pid) {
      try {
        setPriority(child.pid, opts.niceness); // inherited by the compilers it starts
      } catch {
        // not permitted here: build at normal priority
      }
    }
    const tail: string[] = [];
    const onData = (chunk: Buffer) => {
      for (const raw of chunk.toString().split("\n")) {
        const line = raw.replace(ANSI_COLOR, "");
        if (!line.trim()) continue;
        opts.log(`  ${line}`);
        tail.push(line);
        if (tail.length > 40) tail.shift();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("error", (error) => {
      if (error.name === "AbortError") reject(new Error(`${opts.what} was cancelled`));
      else reject(new Error(`${opts.what}: could not run ${command}: ${error.message}`));
    });
    child.once("exit", (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `${opts.what} failed (${signal ?? `exit ${code}`}): ${command} ${args.join(" ")}\n${tail.join("\n")}`,
          ),
        );
    });
  });
}
