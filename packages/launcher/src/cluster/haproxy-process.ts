import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { ensureHaproxyInstalled } from "@industryos/devstack";
import type { ProcessSpec } from "../supervisor.ts";

export interface HaproxyFiles {
  configFile: string;
  /** Deletes the generated configuration. */
  remove(): void;
}

/** Writes the configuration into a directory of its own under the system's temp folder and checks it (`haproxy -c`). */
export function writeHaproxyConfig(config: string, log: (message: string) => void): HaproxyFiles {
  const haproxy = ensureHaproxyInstalled(log);
  const dir = mkdtempSync(join(tmpdir(), "industryos-haproxy-"));
  const configFile = join(dir, "haproxy.cfg");
  writeFileSync(configFile, config);
  try {
    execFileSync(haproxy, ["-c", "-q", "-f", configFile], { stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`haproxy refused the generated ${configFile}: ${stderr || (error as Error).message}`);
  }
  return { configFile, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** HAProxy in the foreground (`-db`), in its own process group, its output prefixed like the apps'. */
export function haproxySpec(configFile: string): ProcessSpec {
  return {
    name: "haproxy",
    start: () => {
      const child = spawn("haproxy", ["-db", "-f", configFile], { stdio: ["ignore", "pipe", "pipe"], detached: true });
      for (const stream of [child.stdout, child.stderr]) {
        createInterface({ input: stream }).on("line", (line) => process.stdout.write(`haproxy | ${line}\n`));
      }
      return child;
    },
    // A taken public port before the cluster ever ran cannot be fixed by restarting.
    isFatal: (exit) => exit.signal === null && exit.ranMs < 2_000,
  };
}
