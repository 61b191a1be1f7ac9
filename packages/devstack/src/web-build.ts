import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "./paths.ts";
import { runLogged, withInstallLock, writeFileAtomic } from "./temporal-cache.ts";

export const webRoot = join(repoRoot, "apps", "web");

/** Written into the build folder after a successful `next build`: the hash of the sources it was built from. */
const HASH_FILE = "industryos-source-hash";

/** Folders and files that never go into the console's bundle. */
const SKIPPED_DIRS = new Set(["node_modules", "test", "coverage", "dist"]);
const SKIPPED_FILES = new Set(["next-env.d.ts"]);

function listFiles(dir: string, out: string[]) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // Dot folders are build output (.next, .next-test, .turbo) or tooling state.
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) listFiles(path, out);
    } else if (entry.isFile() && !SKIPPED_FILES.has(entry.name) && !entry.name.endsWith(".tsbuildinfo")) {
      out.push(path);
    }
  }
}

/** Folder of each workspace package, by its package.json name. */
function workspaceDirs(): Map<string, string> {
  const dirs = new Map<string, string>();
  for (const parent of ["packages", "apps"]) {
    for (const entry of readdirSync(join(repoRoot, parent), { withFileTypes: true })) {
      const manifest = join(repoRoot, parent, entry.name, "package.json");
      if (!entry.isDirectory() || !existsSync(manifest)) continue;
      dirs.set(
        (JSON.parse(readFileSync(manifest, "utf8")) as { name: string }).name,
        join(repoRoot, parent, entry.name),
      );
    }
  }
  return dirs;
}

/**
 * What the production build is made of: apps/web itself, the workspace packages Next compiles
 * into it (next.config.ts's transpilePackages: ui, realtime, dashboard-schema, db), the installed
 * dependency versions (package-lock.json) and the shared TypeScript settings.
 */
export async function webSourceFiles(): Promise<string[]> {
  const { default: nextConfig } = (await import(pathToFileURL(join(webRoot, "next.config.ts")).href)) as {
    default: { transpilePackages?: string[] };
  };
  const dirs = workspaceDirs();
  const files: string[] = [];
  listFiles(webRoot, files);
  for (const name of nextConfig.transpilePackages ?? []) {
    const dir = dirs.get(name);
    if (!dir) throw new Error(`next.config.ts transpiles ${name}, which is no workspace package`);
    listFiles(dir, files);
  }
  files.push(join(repoRoot, "package-lock.json"), join(repoRoot, "tsconfig.base.json"));
  return files.sort();
}

/** SHA-256 over every source file's path and content: a change anywhere means a new build. */
export async function webSourceHash(): Promise<string> {
  const hash = createHash("sha256");
  for (const file of await webSourceFiles()) {
    hash.update(relative(repoRoot, file)).update("\0");
    hash.update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

export interface WebBuildOptions {
  /** Build folder inside apps/web (NEXT_DIST_DIR): `.next` for `npm start`, `.next-test` for tests. */
  distDir?: string;
  log?: (msg: string) => void;
}

export interface WebBuild {
  distDir: string;
  /** False when the cached build matched the sources. */
  built: boolean;
  seconds: number;
}

function buildIsCurrent(distPath: string, hash: string): boolean {
  const hashFile = join(distPath, HASH_FILE);
  return existsSync(join(distPath, "BUILD_ID")) && existsSync(hashFile) && readFileSync(hashFile, "utf8") === hash;
}

/**
 * The console's production build (`next build`), rebuilt only when its sources changed: the
 * sources' hash is kept in the build folder and compared at every start. Concurrent callers
 * (test files, two terminals) wait for one build instead of writing into the same folder.
 */
export async function ensureWebBuild(opts: WebBuildOptions = {}): Promise<WebBuild> {
  const distDir = opts.distDir ?? process.env.NEXT_DIST_DIR ?? ".next";
  const log = opts.log ?? ((msg: string) => console.warn(`[web build] ${msg}`));
  const distPath = join(webRoot, distDir);
  const started = Date.now();
  const hash = await webSourceHash();
  if (buildIsCurrent(distPath, hash)) return { distDir, built: false, seconds: (Date.now() - started) / 1000 };

  return withInstallLock(`${distPath}.build-lock`, log, async () => {
    if (buildIsCurrent(distPath, hash)) return { distDir, built: false, seconds: (Date.now() - started) / 1000 };
    log(
      `building the console for production (next build into apps/web/${distDir}); sources changed since the last build`,
    );
    const nextBin = join(
      createRequire(join(webRoot, "package.json")).resolve("next/package.json"),
      "..",
      "dist",
      "bin",
      "next",
    );
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      NEXT_DIST_DIR: distDir,
      NEXT_TELEMETRY_DISABLED: "1",
    };
    await runLogged(process.execPath, [nextBin, "build"], { cwd: webRoot, env, log, what: "next build" });
    writeFileAtomic(join(distPath, HASH_FILE), hash);
    const seconds = (Date.now() - started) / 1000;
    log(`console built in ${Math.round(seconds)} s`);
    return { distDir, built: true, seconds };
  });
}
