import { spawn, type ChildProcess } from "node:child_process";
import { repoRoot } from "./paths.ts";

/** Runs a command from the repository root with inherited output; resolves with its exit code. */
export function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: "inherit" });
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.once("error", () => resolve(127));
  });
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops a child started with `detached: true` and its whole process group: SIGTERM first, then
 * SIGKILL if anything lingers. Waits for the group, not just the leader, because `npm run`
 * exits on a signal before the app it started has closed its ports.
 */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  const pid = child.pid;
  if (!pid) return;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    }
  };
  signal("SIGTERM");
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive(pid)) signal("SIGKILL");
}
