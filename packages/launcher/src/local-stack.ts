import { join, relative } from "node:path";
import { databaseUrls, loadConfig, parseConfig, type Config } from "@industryos/config";
import { createDatabaseClients, migrate, MigrationError, seedDemoTenant, type DemoLogin } from "@industryos/db";
import {
  PROFILES,
  dataRoot,
  ensureDatabase,
  ensureTemporalCli,
  ensureWebBuild,
  startApp,
  startPostgres,
  startRedis,
  startTemporalDevServer,
  temporalCliInstalled,
  type TemporalDevServer,
} from "@industryos/devstack";
import { printBanner } from "./banner.ts";
import { planCluster, singleNodes, type Tier, type TierCounts } from "./cluster/cluster-plan.ts";
import { haproxyConfig } from "./cluster/haproxy-config.ts";
import { haproxySpec, writeHaproxyConfig } from "./cluster/haproxy-process.ts";
import { localSecretsKey } from "./local-secrets-key.ts";
import { waitForHealthy } from "./health.ts";
import { DEFAULT_BACKOFF, Supervisor, type ProcessSpec } from "./supervisor.ts";

const log = (message: string) => console.log(`stack   │ ${message}`);

export interface LocalStackOptions {
  /**
   * `production` (`npm start`): the console's production build (built when its sources changed)
   * and NODE_ENV=production everywhere. `development` (`npm run dev`): Next's dev server with hot reload.
   */
  mode: "production" | "development";
  /**
   * `npm run cluster`: this many processes of each tier, each on ports of its own, behind HAProxy
   * on the ports a single node would use (packages/launcher/src/cluster).
   */
  cluster?: TierCounts;
}

/**
 * Brings up services (unless configured externally), migrates, seeds, and runs every app under a
 * supervisor: a process that exits is restarted with backoff while the others keep serving; only
 * Ctrl-C or SIGTERM stops the stack. The Temporal server is prepared in the background (its CLI
 * is built once per machine, minutes on a small one): workers start when it answers.
 */
export async function startLocalStack(options: LocalStackOptions = { mode: "production" }): Promise<void> {
  const config = loadConfig(); // a bad value exits here, naming the variable

  const abort = new AbortController();
  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  /** The banner is out: from here on no exit of a process stops the stack. */
  let started = false;
  const temporalRestarts = { count: 0 };

  const supervisor = new Supervisor({
    log,
    onFatal: (name) => {
      log(`${name} failed to start; stopping the stack`);
      void stopAll(1);
    },
  });
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("stopping…");
    abort.abort();
    await supervisor.stop();
    for (const stop of stops.reverse()) await stop();
    const restarts = Object.entries({ ...supervisor.restarts(), temporal: temporalRestarts.count }).filter(
      ([, n]) => n > 0,
    );
    if (restarts.length) log(`restarted while running: ${restarts.map(([name, n]) => `${name} ${n}×`).join(", ")}`);
    log("stopped");
    process.exit(code);
  };
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));

  try {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: options.mode };
    // On one's own machine a rule chain's webhook to a local service is the common case.
    env.RULES_ALLOW_PRIVATE_NETWORKS ??= "true";
    // Integrators' webhooks to a local receiver, likewise; a deployment leaves this false.
    env.WEBHOOKS_ALLOW_PRIVATE_NETWORKS ??= "true";
    env.SECRETS_KEY ??= localSecretsKey(dataRoot);
    const dev = PROFILES.dev;
    log(
      options.mode === "production"
        ? "production mode (NODE_ENV=production; `npm run dev` for hot reload)"
        : "development mode (hot reload)",
    );

    // The console's build takes a minute or two on two cores when its sources changed: it runs
    // while the services start, migrations apply and the demo is seeded.
    const webBuild =
      options.mode === "production"
        ? ensureWebBuild({ log: (message) => console.log(`build   │ ${message}`) })
        : Promise.resolve(undefined);
    webBuild.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile

    const [postgresUrl, redisUrl] = await Promise.all([
      process.env.DATABASE_URL
        ? (log("using DATABASE_URL from the environment"), undefined)
        : startPostgres({ dataDir: join(dataRoot, "postgres"), port: dev.postgresPort, log }).then((pg) => {
            stops.push(pg.stop);
            return ensureDatabase(pg.url, "industryos");
          }),
      process.env.REDIS_CLUSTER_NODES
        ? (log("using the Redis Cluster of REDIS_CLUSTER_NODES from the environment"), undefined)
        : process.env.REDIS_URL
          ? (log("using REDIS_URL from the environment"), undefined)
          : startRedis({ dataDir: join(dataRoot, "redis"), port: dev.redisPort, log }).then((redis) => {
              stops.push(redis.stop);
              return redis.url;
            }),
    ]);
    if (postgresUrl) env.DATABASE_URL = postgresUrl;
    if (redisUrl) env.REDIS_URL = redisUrl;

    const temporal = process.env.TEMPORAL_ADDRESS
      ? (log("using TEMPORAL_ADDRESS from the environment"), undefined)
      : prepareTemporal(config, abort.signal, stops, temporalRestarts, () => stopping);
    // Where the local server will answer: the workers keep trying it until it does.
    if (temporal) env.TEMPORAL_ADDRESS = config.TEMPORAL_ADDRESS;

    const finalConfig = parseConfig(env);
    log("applying migrations");
    const { applied } = await migrate({ ownerUrl: finalConfig.DATABASE_URL, log });
    log(applied.length ? `applied ${applied.length} migration(s)` : "database is up to date");
    const demo = finalConfig.DEMO_SEED ? await seedDemo(finalConfig) : undefined;

    const app = (
      workspace: string,
      name: string,
      fatalAtStart = true,
      nodeEnv: Record<string, string> = {},
    ): ProcessSpec => ({
      name,
      start: () => startApp(workspace, name, { ...env, ...nodeEnv }),
      // Exiting with a code before the stack ever ran is a broken start (a port in use, a bad
      // setting): say so and stop instead of retrying forever. A signal (kill -9) is restarted.
      isFatal: (exit) => fatalAtStart && !started && exit.signal === null,
    });
    const plan = options.cluster ? await planCluster(finalConfig, options.cluster) : undefined;
    const nodes = plan?.nodes ?? singleNodes(finalConfig);
    if (plan) {
      // First, so the public ports answer (and hold connections for the nodes) while nodes come up.
      const files = writeHaproxyConfig(haproxyConfig(plan, { ingestHost: finalConfig.INGEST_HOST }), log);
      stops.push(async () => files.remove());
      log(`HAProxy configuration: ${files.configFile}`);
      supervisor.add(haproxySpec(files.configFile));
    }
    const add = (tier: Tier) => {
      for (const node of nodes.filter((n) => n.tier === tier)) {
        supervisor.add(app(node.workspace, node.name, !(tier === "workers" && temporal), node.env));
      }
    };
    const healthOf = (keep: (tier: Tier) => boolean) =>
      Object.fromEntries(nodes.filter((n) => keep(n.tier)).map((n) => [n.name, n.healthUrl]));

    // Ingest and the workers need no console build: they start now, the web process when its
    // build is ready. The workers run the rule engine at once and connect to Temporal whenever it
    // answers (on a first start its CLI may still be building), so they never hold anything back.
    add("ingest");
    add("workers");
    if (temporal) {
      void temporal.ready.then(
        async () => {
          if (stopping) return;
          await waitForHealthy(
            healthOf((tier) => tier === "workers"),
            180_000,
            log,
            () => stopping,
          ).then(
            () => log("Temporal is ready and the workers are connected: everything is running"),
            (error: Error) => log(`workers: ${error.message} (still retrying)`),
          );
        },
        (error: Error) => {
          if (stopping) return;
          log(`the Temporal server is unavailable, so the workers run no workflows: ${error.message}`);
          log("the console, REST API, device ingest and the rule engine keep running; fix the cause and start again");
        },
      );
    }
    await webBuild;
    add("web");

    const health = healthOf((tier) => !(temporal && tier === "workers"));
    if (plan) {
      health["haproxy → web"] = `http://127.0.0.1:${plan.publicPorts.web}/healthz`;
      health["haproxy → ingest"] = `http://127.0.0.1:${plan.publicPorts.http}/healthz`;
    }
    await waitForHealthy(health, plan ? 240_000 : 180_000, log, () => stopping);
    started = true;
    printBanner(finalConfig, { demo, mode: options.mode, preparing: temporal?.status(), cluster: plan });
  } catch (error) {
    if (stopping) return;
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

interface PreparingTemporal {
  /** What is still under way, for the banner; undefined once the server answers. */
  status(): string | undefined;
  ready: Promise<TemporalDevServer>;
}

/**
 * The Temporal dev server, prepared in the background: the CLI is built first when this machine
 * has none (at the lowest CPU priority), then the server starts. An exit nobody asked for is
 * restarted with the supervisor's backoff.
 */
function prepareTemporal(
  config: Config,
  signal: AbortSignal,
  stops: (() => Promise<void>)[],
  restarts: { count: number },
  stopping: () => boolean,
): PreparingTemporal {
  const port = Number(config.TEMPORAL_ADDRESS.split(":")[1]);
  const dbFile = join(dataRoot, "temporal", "temporal.db");
  const temporalLog = (message: string) => console.log(`temporal│ ${message}`);
  let status: string | undefined = temporalCliInstalled()
    ? "starting the Temporal server"
    : "building the Temporal CLI (one-time, a few minutes)";
  if (status.startsWith("building")) temporalLog(`${status}; the console, API and ingest start meanwhile`);

  let current: TemporalDevServer | undefined;
  stops.push(async () => {
    await current?.stop();
  });
  const start = async () => {
    if (!temporalCliInstalled()) {
      await ensureTemporalCli({ log: temporalLog, signal });
      status = "starting the Temporal server";
    }
    const server = await startTemporalDevServer({ port, dbFile, log: temporalLog, signal });
    current = server;
    void server.exited.then(async (why) => {
      let streak = 0;
      while (!stopping()) {
        streak += 1;
        restarts.count += 1;
        const delay = Math.min(DEFAULT_BACKOFF.maxMs, DEFAULT_BACKOFF.initialMs * 2 ** (streak - 1));
        temporalLog(`Temporal server exited (${why}); restart ${restarts.count} in ${delay / 1000} s`);
        await new Promise((r) => setTimeout(r, delay));
        if (stopping()) return;
        try {
          await start();
          return;
        } catch (error) {
          why = (error as Error).message.split("\n")[0] ?? "failed";
        }
      }
    });
    return server;
  };
  const ready = start().then((server) => {
    status = undefined;
    return server;
  });
  ready.catch(() => undefined); // handled by the caller once the apps are up
  return { status: () => status, ready };
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
