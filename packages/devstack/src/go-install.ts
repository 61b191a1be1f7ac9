// Builds a Go command once per machine into the tool cache (`go install <module>@<version>` through the
// Go module proxy): the Temporal CLI and helm are built this way.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { runLogged, withInstallLock } from "./temporal-cache.ts";

export interface GoToolBuild {
  /** Package path of the command, e.g. `helm.sh/helm/v4/cmd/helm`. */
  pkg: string;
  /** Version tag, e.g. `v4.3.2`. */
  version: string;
  /** The command's file name, e.g. `helm`. */
  binary: string;
  /** Folder in the tool cache that receives the binary. */
  dir: string;
  /** What the user reads in progress lines and errors, e.g. `helm 4.3.2`. */
  what: string;
  /** Extra `go install` arguments before the package (e.g. `-ldflags=...`). */
  args?: string[];
  /** Said after "install Go" when Go is missing (another way to get the tool). */
  missingGoHint?: string;
  /** Extra environment (e.g. GOFLAGS). */
  env?: NodeJS.ProcessEnv;
  log: (msg: string) => void;
  signal?: AbortSignal;
}

export function findGo(): string | undefined {
  const candidates = [process.env.GO, "go", "/usr/local/go/bin/go"].filter((c): c is string => !!c);
  return candidates.find((c) => spawnSync(c, ["version"], { stdio: "ignore" }).status === 0);
}

/** Go prints hundreds of "go: downloading" lines: show every 25th, and a heartbeat while it compiles. */
function goProgress(log: (msg: string) => void) {
  let downloads = 0;
  const started = Date.now();
  const timer = setInterval(() => log(`still building (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
  const onLine = (line: string) => {
    if (line.includes("go: downloading") && downloads++ % 25 !== 0) return;
    log(line);
  };
  return { onLine, done: () => clearInterval(timer) };
}

/**
 * Path of `<dir>/<binary>`, built first when missing: under a lock (concurrent callers wait for one
 * build), in a private folder renamed into place (nobody sees half a binary), at the lowest CPU
 * priority (whatever starts meanwhile runs first). Throws, with what to install, when Go is missing.
 */
export async function ensureGoTool(build: GoToolBuild): Promise<string> {
  const bin = join(build.dir, build.binary);
  if (existsSync(bin)) return bin;
  const go = findGo();
  if (!go) {
    throw new Error(
      `Building ${build.what} needs Go >= 1.25 (not found on PATH, nor GO=..., nor /usr/local/go/bin/go). ` +
        `Install Go from https://go.dev/dl (Debian's golang package is too old)${build.missingGoHint ? `, ${build.missingGoHint}` : ""}.`,
    );
  }
  return withInstallLock(`${build.dir}.lock`, build.log, async () => {
    if (existsSync(bin)) return bin; // another process finished while we waited
    const buildDir = join(build.dir, `.build-${process.pid}`);
    rmSync(buildDir, { recursive: true, force: true });
    mkdirSync(buildDir, { recursive: true });
    build.log(`building ${build.what} with ${go} (one-time, a few minutes) into ${build.dir}`);
    const started = Date.now();
    const progress = goProgress(build.log);
    try {
      await runLogged(go, ["install", ...(build.args ?? []), `${build.pkg}@${build.version}`], {
        cwd: buildDir,
        env: { ...process.env, ...build.env, GOBIN: buildDir, CGO_ENABLED: "0" },
        log: progress.onLine,
        what: `go install of ${build.what}`,
        signal: build.signal,
        niceness: 19,
      });
      renameSync(join(buildDir, build.binary), bin);
    } finally {
      progress.done();
      rmSync(buildDir, { recursive: true, force: true });
    }
    build.log(`${build.what} ready after ${Math.round((Date.now() - started) / 1000)} s: ${bin}`);
    return bin;
  });
}
