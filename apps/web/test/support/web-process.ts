import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";
import { ensureWebBuild, freePort } from "@industryos/devstack";
import { createTestDatabase, type TestDatabase } from "@industryos/db/testing";
import { generateSecretKey } from "@industryos/runtime";
import { Redis } from "ioredis";

const webRoot = join(import.meta.dirname, "..", "..");
const repoRoot = join(webRoot, "..", "..");
export const artifactsDir = join(repoRoot, ".data", "test-artifacts", "web");

export interface AppProcess {
  stop(): Promise<void>;
}

/**
 * Runs one of our processes the way `npm start` does (tsx entry, configuration from the
 * environment) until its /healthz answers 200. Output goes to .data/test-artifacts/web/<name>.log.
 */
async function startApp(
  name: string,
  entry: string,
  cwd: string,
  env: Record<string, string>,
  healthUrl: string,
  /** Whether a health answer means "ready"; by default a 200. */
  isReady: (status: number, body: string) => boolean = (status) => status === 200,
): Promise<AppProcess> {
  mkdirSync(artifactsDir, { recursive: true });
  const log = createWriteStream(join(artifactsDir, `${name}.log`), { flags: "a" });
  const child = spawn(join(repoRoot, "node_modules", ".bin", "tsx"), [entry], {
    cwd,
    env: { ...process.env, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group: stop() also ends Next's workers
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const deadline = Date.now() + 120_000;
  for (;;) {
    const ready = await fetch(healthUrl).then(
      async (r) => isReady(r.status, await r.text()),
      () => false,
    );
    if (ready) break;
    if (child.exitCode !== null)
      throw new Error(`${name} exited with ${child.exitCode}; see ${artifactsDir}/${name}.log`);
    if (Date.now() > deadline) throw new Error(`${name} did not become healthy; see ${artifactsDir}/${name}.log`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    async stop() {
      if (child.exitCode === null && child.pid) {
        process.kill(-child.pid, "SIGTERM");
        const timer = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
      log.end();
    },
  };
}

export interface Stack {
  url: string;
  /** The web process's GET /metrics. */
  metricsUrl: string;
  mqttPort: number;
  database: TestDatabase;
  stop(): Promise<void>;
}

/**
 * Build folder of the tests' production build: apart from `npm start`'s .next, which may be serving.
 * WEB_TEST_DIST_DIR gives a run one of its own (`.next-test-<name>`), so runs from several checkouts or
 * people at once do not rebuild or delete each other's while one of them serves it.
 */
export const TEST_DIST_DIR = process.env.WEB_TEST_DIST_DIR ?? ".next-test";

/** The workers are ready once PostgreSQL and Redis answer: the test stack runs no Temporal server. */
function workersReady(status: number, body: string): boolean {
  if (status === 200) return true;
  try {
    const report = JSON.parse(body) as { failing?: string[] };
    return status === 503 && Array.isArray(report.failing) && report.failing.every((name) => name === "temporal");
  } catch {
    return false;
  }
}

export interface StackOptions {
  ingest?: boolean;
  /**
   * The workers process too (the rule engine; its Temporal worker keeps trying to connect to a
   * server the test stack does not run). The rule-engine streams have fixed names, so a stack with
   * workers needs `redisDb`: a Redis database of its own, flushed first.
   */
  workers?: boolean;
  redisDb?: number;
  env?: Record<string, string>;
}

/**
 * The web server as users get it (NODE_ENV=production over `next build`'s output, built once and
 * reused until the console's sources change) and, when asked, the ingest tier and the workers,
 * over one fresh database.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  if (options.workers && options.redisDb === undefined) throw new Error("a stack with workers needs a redisDb");
  await ensureWebBuild({ distDir: TEST_DIST_DIR, log: (message) => console.warn(`[web build] ${message}`) });
  const database = await createTestDatabase();
  const [webPort, mqttPort, ingestHttpPort, mqttTlsPort, mqttWsPort, coapPort, metricsPort, webMetricsPort] =
    await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort()]);
  const url = `http://127.0.0.1:${webPort}`;
  let redisEnv: Record<string, string> = {};
  if (options.redisDb !== undefined) {
    const redisUrl = `${process.env.REDIS_URL ?? "redis://127.0.0.1:63790"}/${options.redisDb}`;
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    try {
      await redis.flushdb();
    } finally {
      redis.disconnect();
    }
    redisEnv = { REDIS_URL: redisUrl };
  }
  const env = {
    DATABASE_URL: database.ownerUrl,
    DATABASE_APP_URL: database.appUrl,
    DATABASE_SYSTEM_URL: database.systemUrl,
    MQTT_PORT: String(mqttPort),
    MQTT_TLS_PORT: String(mqttTlsPort),
    MQTT_WS_PORT: String(mqttWsPort),
    COAP_PORT: String(coapPort),
    LWM2M_PORT: "0",
    INGEST_HTTP_PORT: String(ingestHttpPort),
    INGEST_METRICS_PORT: String(metricsPort),
    DEMO_SEED: "false",
    DEMO_SIMULATOR: "false",
    // Web and workers refuse to start without the key that seals tenants' secrets; one per stack.
    SECRETS_KEY: generateSecretKey(),
    ...redisEnv,
    ...options.env,
  };
  const processes: AppProcess[] = [];
  try {
    const web = startApp(
      "web",
      "server.ts",
      webRoot,
      {
        ...env,
        NODE_ENV: "production",
        WEB_PORT: String(webPort),
        WEB_METRICS_PORT: String(webMetricsPort),
        WEB_PUBLIC_URL: url,
        NEXT_DIST_DIR: TEST_DIST_DIR,
        NEXT_TELEMETRY_DISABLED: "1",
      },
      `${url}/healthz`,
    );
    const ingest = options.ingest
      ? startApp(
          "ingest",
          join("src", "main.ts"),
          join(repoRoot, "apps", "ingest"),
          { ...env, INGEST_HOST: "127.0.0.1" },
          `http://127.0.0.1:${ingestHttpPort}/healthz`,
        )
      : undefined;
    const [workersHealthPort, workersMetricsPort, temporalPort] = options.workers
      ? await Promise.all([freePort(), freePort(), freePort()])
      : [0, 0, 0];
    const workers = options.workers
      ? startApp(
          "workers",
          join("src", "main.ts"),
          join(repoRoot, "apps", "workers"),
          {
            ...env,
            WORKERS_HEALTH_PORT: String(workersHealthPort),
            WORKERS_METRICS_PORT: String(workersMetricsPort),
            // Nothing listens there unless the test runs a Temporal server and names it in `env`.
            TEMPORAL_ADDRESS: options.env?.TEMPORAL_ADDRESS ?? `127.0.0.1:${temporalPort}`,
          },
          `http://127.0.0.1:${workersHealthPort}/healthz`,
          workersReady,
        )
      : undefined;
    const started = await Promise.allSettled([web, ...(ingest ? [ingest] : []), ...(workers ? [workers] : [])]);
    for (const result of started) if (result.status === "fulfilled") processes.push(result.value);
    const failed = started.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
  } catch (error) {
    await Promise.all(processes.map((p) => p.stop()));
    await database.drop();
    throw error;
  }
  return {
    url,
    metricsUrl: `http://127.0.0.1:${webMetricsPort}/metrics`,
    mqttPort,
    database,
    async stop() {
      await Promise.all(processes.map((p) => p.stop()));
      await database.drop();
    },
  };
}
