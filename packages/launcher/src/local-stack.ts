import type { ChildProcess } from "node:child_process";
import { join, relative } from "node:path";
import { databaseUrls, loadConfig, parseConfig, type Config } from "@industryos/config";
import { createDatabaseClients, migrate, MigrationError, seedDemoTenant, type DemoLogin } from "@industryos/db";
import {
  PROFILES,
  dataRoot,
  ensureDatabase,
  startApp,
  startPostgres,
  startRedis,
  startTemporalDevServer,
  stopChild,
} from "@industryos/devstack";
import { printBanner } from "./banner.ts";
import { waitForHealthy } from "./health.ts";

const log = (message: string) => console.log(`stack   │ ${message}`);

/** Brings up services (unless configured externally), migrates, seeds, and runs every app. */
export async function startLocalStack(): Promise<void> {
  const config = loadConfig(); // a bad value exits here, naming the variable

  const stops: (() => Promise<void>)[] = [];
  const children: ChildProcess[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("stopping…");
    await Promise.all(children.map((c) => stopChild(c)));
    for (const stop of stops.reverse()) await stop();
    log("stopped");
    process.exit(code);
  };
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));

  try {
    const env: NodeJS.ProcessEnv = { ...process.env };
    const dev = PROFILES.dev;

    if (!process.env.DATABASE_URL) {
      const pg = await startPostgres({ dataDir: join(dataRoot, "postgres"), port: dev.postgresPort, log });
      stops.push(pg.stop);
      env.DATABASE_URL = await ensureDatabase(pg.url, "industryos");
    } else log("using DATABASE_URL from the environment");

    if (!process.env.REDIS_URL) {
      const redis = await startRedis({ dataDir: join(dataRoot, "redis"), port: dev.redisPort, log });
      stops.push(redis.stop);
      env.REDIS_URL = redis.url;
    } else log("using REDIS_URL from the environment");

    if (!process.env.TEMPORAL_ADDRESS) {
      const temporalPort = Number(config.TEMPORAL_ADDRESS.split(":")[1]);
      const temporal = await startTemporalDevServer({
        port: temporalPort,
        dbFile: join(dataRoot, "temporal", "temporal.db"),
        log,
      });
      stops.push(temporal.stop);
      env.TEMPORAL_ADDRESS = temporal.address;
    } else log("using TEMPORAL_ADDRESS from the environment");

    const finalConfig = parseConfig(env);
    log("applying migrations");
    const { applied } = await migrate({ ownerUrl: finalConfig.DATABASE_URL, log });
    log(applied.length ? `applied ${applied.length} migration(s)` : "database is up to date");
    const demo = finalConfig.DEMO_SEED ? await seedDemo(finalConfig) : undefined;

    for (const [workspace, label] of [
      ["@industryos/ingest", "ingest"],
      ["@industryos/workers", "workers"],
      ["@industryos/web", "web"],
    ] as const) {
      const child = startApp(workspace, label, env);
      children.push(child);
      child.once("exit", (code, signal) => {
        if (stopping) return;
        log(`${label} exited (${signal ?? `code ${code}`}); stopping the stack`);
        void stopAll(1);
      });
    }

    await waitForHealthy(
      {
        ingest: `http://127.0.0.1:${finalConfig.INGEST_HTTP_PORT}/healthz`,
        workers: `http://127.0.0.1:${finalConfig.WORKERS_HEALTH_PORT}/healthz`,
        web: `http://127.0.0.1:${finalConfig.WEB_PORT}/healthz`,
      },
      180_000,
      log,
    );
    printBanner(finalConfig, demo);
  } catch (error) {
    console.error(`stack   │ failed to start: ${(error as Error).message}`);
    if (error instanceof MigrationError && error.edited.length > 0 && !process.env.DATABASE_URL) {
      // The local database was migrated by an older checkout whose migrations changed since.
      const dir = relative(process.cwd(), join(dataRoot, "postgres")) || join(dataRoot, "postgres");
      console.error(`stack   │ this local database was migrated by an older version of IndustryOS. To start over`);
      console.error(`stack   │ with a fresh one (its data is lost): delete ${dir} and run npm start again.`);
    }
    await stopAll(1);
  }
}

async function seedDemo(config: Config): Promise<DemoLogin> {
  const urls = databaseUrls(config);
  const clients = createDatabaseClients({ appUrl: urls.app, systemUrl: urls.system, poolSize: 2 });
  try {
    return await seedDemoTenant(clients);
  } finally {
    await clients.close();
  }
}
