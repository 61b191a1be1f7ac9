import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";

export function commandExists(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

let aptUpdated = false;

/**
 * Installs Debian packages when a needed binary is missing and we run as root; otherwise
 * stops with the exact command the user has to run.
 */
export function ensureDebianPackages(packages: string[], log: (msg: string) => void = console.warn) {
  if (packages.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !commandExists("apt-get")) {
    throw new Error(
      `Missing system packages: ${packages.join(", ")}. Install them with:\n  sudo apt-get install -y ${packages.join(" ")}`,
    );
  }
  log(`installing ${packages.join(", ")} with apt-get (one-time)`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (!aptUpdated) {
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    aptUpdated = true;
  }
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...packages], { stdio: "inherit", env });
}

/** The newest installed PostgreSQL server's bin directory (Debian keeps them per version). */
export function findPostgresBinDir(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(`${root}/${v}/bin/postgres`) && existsSync(`${root}/${v}/bin/initdb`))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? `${root}/${versions[0]}/bin` : undefined;
}

export function ensurePostgresInstalled(log?: (msg: string) => void): string {
  let dir = findPostgresBinDir();
  if (!dir) {
    ensureDebianPackages(["postgresql"], log);
    dir = findPostgresBinDir();
  }
  if (!dir) throw new Error("PostgreSQL was installed but no server binaries were found under /usr/lib/postgresql");
  return dir;
}

export function ensureRedisInstalled(log?: (msg: string) => void): string {
  if (!commandExists("redis-server")) ensureDebianPackages(["redis-server"], log);
  return "redis-server";
}

/** HAProxy, the load balancer in front of `npm run cluster`'s nodes (Debian's package). */
export function ensureHaproxyInstalled(log?: (msg: string) => void): string {
  if (!commandExists("haproxy")) ensureDebianPackages(["haproxy"], log);
  return "haproxy";
}
