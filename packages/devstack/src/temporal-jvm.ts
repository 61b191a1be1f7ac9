import { spawn } from "node:child_process";
import { existsSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { freePort, waitForPort } from "./net.ts";

/**
 * JVM flags for the test server, shared by the launcher and the archive dump (a class-data
 * archive is only used by a JVM started the same way). A test server lives for one test file:
 * the C1 compiler and the serial collector start faster and are plenty for it.
 */
export function testServerJvmArgs(): string[] {
  return ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"];
}

/**
 * Starts the test server once with `-XX:ArchiveClassesAtExit` and stops it, leaving
 * `test-server.jsa` beside the jars. With it the JVM accepts connections in ~0.7 s instead of
 * ~2-3 s on a busy 2-core machine, well inside the 5 s the Temporal SDK waits. Best effort:
 * without the archive the launcher still works, only slower.
 */
export async function dumpTestServerClassArchive(opts: {
  dir: string;
  classpath: string[];
  log: (msg: string) => void;
}) {
  const archive = join(opts.dir, "test-server.jsa");
  const tmp = `${archive}.tmp-${process.pid}`;
  const port = await freePort();
  const args = [
    ...testServerJvmArgs(),
    `-XX:ArchiveClassesAtExit=${tmp}`,
    "-Xlog:cds=off",
    "-Xlog:cds+dynamic=off",
    "-cp",
    opts.classpath.join(":"),
    "io.temporal.testserver.TestServer",
    String(port),
  ];
  const child = spawn(process.env.JAVA ?? "java", args, { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", () => resolve()); // java missing: the wait below fails and says so
  });
  try {
    await waitForPort(port, "127.0.0.1", 60_000, "Temporal test server (class archive run)");
    await new Promise((r) => setTimeout(r, 500));
  } catch (error) {
    opts.log(`skipping the class-data archive: ${(error as Error).message}`);
  } finally {
    child.kill("SIGTERM"); // the JVM writes the archive while it shuts down
    const killTimer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    await exited;
    clearTimeout(killTimer);
  }
  if (existsSync(tmp)) renameSync(tmp, archive);
  else {
    rmSync(tmp, { force: true });
    opts.log("the JVM wrote no class-data archive; the test server will start without one");
  }
}
