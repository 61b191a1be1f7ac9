import { join } from "node:path";
import { dataRoot } from "./paths.ts";
import { startPostgres, type RunningService } from "./postgres.ts";
import { startRedis } from "./redis.ts";

/** Where each profile keeps its services: the dev stack persists, the test stack is disposable. */
export const PROFILES = {
  dev: { postgresPort: 54320, redisPort: 63790, dir: dataRoot, ephemeral: false },
  test: { postgresPort: 61432, redisPort: 61379, dir: join(dataRoot, "test"), ephemeral: true },
} as const;

export type Profile = keyof typeof PROFILES;

export interface LocalServices {
  /** Superuser URL of the cluster's `postgres` database (create databases from here). */
  postgresUrl: string;
  redisUrl: string;
  started: RunningService[];
  stop(): Promise<void>;
}

/** Starts the profile's PostgreSQL and Redis unless they already answer on their ports. */
export async function startLocalServices(profile: Profile, log?: (msg: string) => void): Promise<LocalServices> {
  const p = PROFILES[profile];
  const [pg, redis] = await Promise.all([
    startPostgres({ dataDir: join(p.dir, "postgres"), port: p.postgresPort, ephemeral: p.ephemeral, log }),
    startRedis({ dataDir: join(p.dir, "redis"), port: p.redisPort, ephemeral: p.ephemeral, log }),
  ]);
  const started = [pg, redis].filter((s) => s.startedHere);
  return {
    postgresUrl: pg.url,
    redisUrl: redis.url,
    started,
    stop: async () => {
      await Promise.all(started.map((s) => s.stop()));
    },
  };
}
