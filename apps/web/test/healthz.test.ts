import type { AddressInfo } from "node:net";
import { createDatabaseClients } from "@industryos/db";
import { createTestDatabase, type TestDatabase } from "@industryos/db/testing";
import { createLogger } from "@industryos/runtime";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebServer } from "../src/server/http-server.ts";

let database: TestDatabase;
let db: ReturnType<typeof createDatabaseClients>;
let redis: Redis;
let deadRedis: Redis;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDatabaseClients({ appUrl: database.appUrl, systemUrl: database.systemUrl, poolSize: 2 });
  redis = new Redis(process.env.REDIS_URL!);
  // Nothing listens on port 1: a Redis that never answers.
  deadRedis = new Redis({
    port: 1,
    host: "127.0.0.1",
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  deadRedis.on("error", () => undefined);
});
afterAll(async () => {
  redis?.disconnect();
  deadRedis?.disconnect();
  await db?.close();
  await database?.drop();
});

async function getHealth(health: Record<string, () => Promise<unknown>>) {
  const logger = createLogger("healthz-test", "silent");
  const api = {
    rest: async () => new Response(null, { status: 404 }),
    trpc: async () => new Response(null, { status: 404 }),
  };
  const server = createWebServer({ logger, publicUrl: "http://localhost", health, api });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    return { status: response.status, body: (await response.json()) as { failing?: string[] } };
  } finally {
    server.close();
  }
}

describe("GET /healthz", () => {
  it("answers 200 when PostgreSQL and Redis answer", async () => {
    const result = await getHealth({ postgres: () => db.appPool.query("SELECT 1"), redis: () => redis.ping() });
    expect(result.status).toBe(200);
  });

  it("answers 503 naming Redis when it is down", async () => {
    const result = await getHealth({ postgres: () => db.appPool.query("SELECT 1"), redis: () => deadRedis.ping() });
    expect(result.status).toBe(503);
    expect(result.body.failing).toEqual(["redis"]);
  });
});
