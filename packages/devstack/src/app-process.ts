import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { repoRoot } from "./paths.ts";

const COLORS = ["\x1b[36m", "\x1b[35m", "\x1b[33m", "\x1b[32m"];
let next = 0;

/**
 * Starts one workspace's `start` script in its own process group (so Ctrl-C can stop the
 * whole tree, including Next's child server) and prefixes each output line with its name.
 */
export function startApp(workspace: string, label: string, env: NodeJS.ProcessEnv): ChildProcess {
  const color = COLORS[next++ % COLORS.length];
  const child = spawn("npm", ["run", "start", "--silent", "-w", workspace], {
    cwd: repoRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const prefix = process.stdout.isTTY ? `${color}${label.padEnd(8)}\x1b[0m│ ` : `${label.padEnd(8)}| `;
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on("line", (line) => process.stdout.write(prefix + line + "\n"));
  }
  return child;
}
