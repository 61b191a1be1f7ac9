import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

/**
 * The Leshan test client's Maven project (pom.xml, src/main/java). It stays among ingest's tests; this
 * launcher is exported (`@industryos/ingest/testing`) so other packages' tests drive the same client.
 */
const PROJECT = fileURLToPath(new URL("../../test/lwm2m/leshan-client/", import.meta.url));
const CLASSES = join(PROJECT, "target/classes");
const CLASSPATH_FILE = join(PROJECT, "target/classpath.txt");
const MAIN_CLASS = "io.industryos.lwm2m.TestClient";
const MODELS_DIR = fileURLToPath(new URL("../lwm2m/models/", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith(".java") ? [join(dir, entry.name)] : [],
  );
}

const mtime = (path: string) => (existsSync(path) ? statSync(path).mtimeMs : 0);

/** Fails loudly when a tool is missing: this test must not pass by skipping. */
function requireTool(tool: string, args: string[]) {
  try {
    execFileSync(tool, args, { stdio: "ignore" });
  } catch {
    throw new Error(
      `the Leshan LwM2M test needs ${tool} (Java 17 and Maven): install them (apt-get install -y openjdk-17-jdk-headless maven)`,
    );
  }
}

/**
 * Builds the client unless its classes are newer than its sources and pom: Maven resolves the
 * classpath (Leshan and its dependencies from Maven Central into ~/.m2 once, offline afterwards),
 * javac compiles the source files. No Maven plugin beyond the dependency plugin is needed.
 */
export function buildLeshanClient(): string {
  return whileLocked(build);
}

/**
 * Test files of two packages (ingest's and the web console's) may build at once: one builds, the
 * other waits for it and then finds the classes fresh. A lock left by a killed run goes after 5 minutes.
 */
function whileLocked<T>(work: () => T): T {
  const lock = join(PROJECT, "target/.build-lock");
  mkdirSync(join(PROJECT, "target"), { recursive: true });
  const deadline = Date.now() + 6 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - mtime(lock) > 5 * 60_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`the Leshan client build lock ${lock} was held for 6 minutes`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    return work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function build(): string {
  requireTool("java", ["-version"]);
  requireTool("javac", ["-version"]);
  const files = sources(join(PROJECT, "src"));
  const pomChanged = mtime(join(PROJECT, "pom.xml")) > mtime(CLASSPATH_FILE);
  if (pomChanged) {
    requireTool("mvn", ["-v"]);
    const resolve = (offline: boolean) =>
      execFileSync(
        "mvn",
        [...(offline ? ["-o"] : []), "-q", "dependency:build-classpath", `-Dmdep.outputFile=${CLASSPATH_FILE}`],
        { cwd: PROJECT, stdio: "pipe", timeout: 180_000 },
      );
    try {
      resolve(true);
    } catch {
      resolve(false);
    }
  }
  const classpath = readFileSync(CLASSPATH_FILE, "utf8").trim();
  const built = mtime(join(CLASSES, "io/industryos/lwm2m/TestClient.class"));
  if (pomChanged || files.some((file) => mtime(file) > built))
    execFileSync("javac", ["-d", CLASSES, "-cp", classpath, ...files], { stdio: "pipe", timeout: 120_000 });
  return `${CLASSES}:${classpath}`;
}

export interface LeshanClient {
  /** Every line the client printed so far. */
  lines: string[];
  /** Resolves with the first line (already printed or to come) matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts the client: it registers as `endpoint` with the LwM2M server at `port`. With `firmware` it
 * also has a Firmware Update object (5) saving the package it downloads to `file`, whose Update ends
 * with `updateResult` (default 1, success); `pushOnly` makes its Delivery Method push only.
 */
export function startLeshanClient(
  classpath: string,
  port: number,
  endpoint: string,
  lifetime = 300,
  firmware?: { file: string; updateResult?: number; pushOnly?: boolean },
): LeshanClient {
  const args = [`coap://127.0.0.1:${port}`, endpoint, MODELS_DIR, String(lifetime)];
  if (firmware) args.push(firmware.file, String(firmware.updateResult ?? 1), ...(firmware.pushOnly ? ["push"] : []));
  const child: ChildProcess = spawn("java", ["-cp", classpath, MAIN_CLASS, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiters = new Set<(line: string) => void>();
  for (const stream of [child.stdout!, child.stderr!])
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      for (const waiter of waiters) waiter(line);
    });
  return {
    lines,
    waitFor(pattern, timeoutMs = 30_000) {
      const seen = lines.find((line) => pattern.test(line));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(
              `the Leshan client printed no line matching ${pattern} within ${timeoutMs} ms:\n${lines.slice(-20).join("\n")}`,
            ),
          );
        }, timeoutMs);
        const waiter = (line: string) => {
          if (!pattern.test(line)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(line);
        };
        waiters.add(waiter);
      });
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        // SIGTERM runs the client's shutdown hook: it deregisters first.
        child.kill("SIGTERM");
      }),
  };
}
