import { startLocalServices } from "../services.ts";

/**
 * Vitest global setup: tests run against real PostgreSQL and Redis. The root test runner
 * starts them and passes their URLs; a package run on its own starts (or reuses) the test
 * profile's services here, so no test ever skips for a missing service.
 */
export default async function setup() {
  if (process.env.DATABASE_URL && process.env.REDIS_URL) return;
  const services = await startLocalServices("test");
  process.env.DATABASE_URL ??= services.postgresUrl;
  process.env.REDIS_URL ??= services.redisUrl;
}
