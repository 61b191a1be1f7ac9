import { existsSync, mkdirSync, readdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureGoTool } from "./go-install.ts";
import { commandExists, ensureDebianPackages } from "./system-packages.ts";
import { runLogged, toolCacheRoot, withInstallLock, writeFileAtomic } from "./temporal-cache.ts";
import { dumpTestServerClassArchive, testServerJvmArgs } from "./temporal-jvm.ts";

/**
 * The Temporal CLI (it contains the dev server) built from source through the Go module proxy.
 * 1.5.1 is the newest release that `go install` can build: from 1.9.0 on, the CLI's go.mod
 * replaces `github.com/temporalio/cli/cliext` with a local directory that is not published.
 */
export const TEMPORAL_CLI_VERSION = "1.5.1";
/** `io.temporal:temporal-test-server` from Maven Central: the time-skipping test server. */
export const TEMPORAL_TEST_SERVER_VERSION = "1.38.0";
const MAVEN_DEPENDENCY_PLUGIN_VERSION = "3.8.1";

export interface InstallOptions {
  log?: (msg: string) => void;
  /** Cancels a build or fetch under way (Ctrl-C of `npm start` while it builds). */
  signal?: AbortSignal;
}

const defaultLog = (msg: string) => console.warn(`[temporal] ${msg}`);

/** Where `ensureTemporalCli` keeps the binary it builds. */
export function temporalCliPath(): string {
  return process.env.TEMPORAL_CLI_PATH || join(toolCacheRoot(), `temporal-cli-${TEMPORAL_CLI_VERSION}`, "temporal");
}

/** False when `ensureTemporalCli` would first have to build it. */
export function temporalCliInstalled(): boolean {
  return existsSync(temporalCliPath());
}

/**
 * Path of a `temporal` CLI binary. `TEMPORAL_CLI_PATH` overrides; otherwise it is built once
 * with `go install` into `<cache>/temporal-cli-<version>/temporal` (about 6.5 minutes of both
 * cores of a 2-core machine), at the lowest CPU priority so whatever starts meanwhile runs first.
 */
export async function ensureTemporalCli(opts: InstallOptions = {}): Promise<string> {
  const log = opts.log ?? defaultLog;
  const override = process.env.TEMPORAL_CLI_PATH;
  if (override) {
    if (!existsSync(override)) throw new Error(`TEMPORAL_CLI_PATH=${override} does not exist`);
    return override;
  }
  const mod = "github.com/temporalio/cli";
  return ensureGoTool({
    pkg: `${mod}/cmd/temporal`,
    version: `v${TEMPORAL_CLI_VERSION}`,
    binary: "temporal",
    dir: join(toolCacheRoot(), `temporal-cli-${TEMPORAL_CLI_VERSION}`),
    what: `the Temporal CLI ${TEMPORAL_CLI_VERSION}`,
    missingGoHint: "or set TEMPORAL_CLI_PATH to an existing temporal binary",
    args: [`-ldflags=-s -w -X ${mod}/temporalcli.Version=${TEMPORAL_CLI_VERSION}`],
    log,
    signal: opts.signal,
  });
}

function pomXml(): string {
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>industryos.devstack</groupId>
  <artifactId>temporal-test-server-fetch</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${TEMPORAL_TEST_SERVER_VERSION}</version>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-dependency-plugin</artifactId>
        <version>${MAVEN_DEPENDENCY_PLUGIN_VERSION}</version>
      </plugin>
    </plugins>
  </build>
</project>
`;
}

function launcherScript(jars: string[]): string {
  const classpath = jars.map((jar) => `$dir/lib/${jar}`).join(":");
  const jvmArgs = testServerJvmArgs().join(" ");
  return `#!/bin/sh
# Temporal Java test server ${TEMPORAL_TEST_SERVER_VERSION} (io.temporal:temporal-test-server, Maven Central),
# installed by @industryos/devstack. Usage: temporal-test-server <port> [--enable-time-skipping]
# (TestWorkflowEnvironment.createTimeSkipping passes only the port: it locks and unlocks time itself.)
dir=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd -P)
cp="${classpath}"
if [ -f "$dir/test-server.jsa" ]; then
  # Class-data-sharing archive made at install: the JVM answers about three times sooner.
  set -- -XX:SharedArchiveFile="$dir/test-server.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$cp" io.temporal.testserver.TestServer "$@"
else
  set -- -cp "$cp" io.temporal.testserver.TestServer "$@"
fi
exec "\${JAVA:-java}" ${jvmArgs} "$@"
`;
}

/**
 * Path of an executable that runs the Temporal Java test server (`<exe> <port>`), as
 * `TestWorkflowEnvironment.createTimeSkipping` expects. Fetched once with Maven into
 * `<cache>/temporal-test-server-<version>/`.
 */
export async function ensureTemporalTestServer(opts: InstallOptions = {}): Promise<string> {
  const log = opts.log ?? defaultLog;
  const dir = join(toolCacheRoot(), `temporal-test-server-${TEMPORAL_TEST_SERVER_VERSION}`);
  const launcher = join(dir, "temporal-test-server");
  if (existsSync(launcher)) return launcher;

  if (!commandExists("mvn") || !commandExists(process.env.JAVA ?? "java")) {
    ensureDebianPackages(["maven", "openjdk-17-jre-headless"], log); // throws with instructions unless root
  }
  return withInstallLock(`${dir}.lock`, log, async () => {
    if (existsSync(launcher)) return launcher;
    const started = Date.now();
    const libDir = join(dir, "lib");
    rmSync(libDir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "pom.xml"), pomXml());
    log(
      `fetching io.temporal:temporal-test-server:${TEMPORAL_TEST_SERVER_VERSION} and its dependencies with Maven into ${dir}`,
    );
    const mvnArgs = ["-B", "-q", "-Dstyle.color=never", "-f", "pom.xml", "dependency:copy-dependencies"];
    mvnArgs.push(`-DoutputDirectory=${libDir}`, "-DincludeScope=runtime");
    await runLogged("mvn", mvnArgs, { cwd: dir, log, what: "Maven fetch of the Temporal test server" });
    const jars = readdirSync(libDir)
      .filter((f) => f.endsWith(".jar"))
      .sort();
    if (!jars.some((j) => j.startsWith("temporal-test-server-"))) {
      throw new Error(`Maven finished but ${libDir} holds no temporal-test-server jar: ${jars.join(", ")}`);
    }
    const realDir = realpathSync(dir);
    await dumpTestServerClassArchive({ dir: realDir, classpath: jars.map((j) => join(realDir, "lib", j)), log });
    writeFileAtomic(launcher, launcherScript(jars), 0o755);
    log(`Temporal test server ready after ${Math.round((Date.now() - started) / 1000)} s: ${launcher}`);
    return launcher;
  });
}
