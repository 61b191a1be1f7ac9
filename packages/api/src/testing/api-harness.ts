import { randomBytes } from "node:crypto";
import { createDatabaseClients, type DatabaseClients } from "@industryos/db";
import { createTestDatabase, type TestDatabase } from "@industryos/db/testing";
import { createLogger, createRedisClient, createSecretBox, generateSecretKey } from "@industryos/runtime";
import type { ApiDeps } from "../deps.ts";
import { createPlatformApi } from "../platform.ts";
import { signupInput } from "../services/auth/schemas.ts";
import { requestSignup } from "../services/auth/signup.ts";
import { releaseRpcSubscriber } from "../services/rpc/rpc.ts";
import { createTelemetryStore, telemetryReaderFrom } from "@industryos/db/telemetry";
import { DEFAULT_TASK_QUEUE, lazyTemporalClient } from "@industryos/temporal-client";

export const TEST_ORIGIN = "http://console.test";

export interface CallOptions {
  body?: unknown;
  /** A session cookie value (`industryos_session=...`). */
  cookie?: string;
  apiKey?: string;
  /** Defaults to our origin when a cookie is sent; pass null to omit it. */
  origin?: string | null;
  headers?: Record<string, string>;
  ip?: string;
}

export interface CallResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
  /** The session cookie the response set, ready to send back. */
  sessionCookie?: string;
}

/**
 * A real API over a fresh database and real Redis (own key prefix), called through the same
 * `Request → Response` functions the web server mounts. Used by packages/api's tests and by
 * apps/web's browser tests for setup.
 */
export async function startApiHarness(
  overrides: Partial<ApiDeps> = {},
  options: {
    /** A database of the caller's (e.g. on a server of its own); default: a fresh one on the shared test server. */
    database?: TestDatabase;
  } = {},
) {
  const database: TestDatabase = options.database ?? (await createTestDatabase());
  const db: DatabaseClients = createDatabaseClients({
    appUrl: database.appUrl,
    systemUrl: database.systemUrl,
    poolSize: 4,
  });
  const telemetryStore = createTelemetryStore({ appPool: db.appPool, systemPool: db.systemPool, reads: db.reads });
  // As the web process makes it (apps/web/src/server/platform.ts): commands fail at once while
  // Redis is unreachable instead of queueing, so the tests see what production sees.
  // A test of its own Redis (Redis Cluster) passes `redis`, made the same way.
  const redisUrl = process.env.REDIS_URL;
  if (!overrides.redis && !redisUrl)
    throw new Error("startApiHarness needs REDIS_URL (the test Redis; vitest's global setup starts it and sets it)");
  const redis = overrides.redis ?? createRedisClient(redisUrl!, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  if (redis.status !== "ready") await new Promise((resolve) => redis.once("ready", resolve));
  const redisPrefix = `test:${randomBytes(4).toString("hex")}:`;
  const deps: ApiDeps = {
    db,
    redis,
    logger: createLogger("api-test", process.env.TEST_LOG_LEVEL ?? "silent"),
    redisPrefix,
    publicUrl: TEST_ORIGIN,
    email: { from: "IndustryOS <noreply@industryos.test>" },
    deviceEndpoints: { mqttHost: "localhost", mqttPort: 1883, httpUrl: "http://localhost:8081" },
    telemetry: telemetryReaderFrom(telemetryStore),
    // Connects only when an operation starts a workflow; tests of durable work pass a client of their own server.
    temporal: lazyTemporalClient({
      address: process.env.TEMPORAL_ADDRESS ?? "127.0.0.1:7233",
      namespace: "default",
      taskQueue: process.env.TEMPORAL_TASK_QUEUE ?? DEFAULT_TASK_QUEUE,
    }),
    // A fresh key per harness: what one test file seals, only its own deps open.
    secrets: createSecretBox(generateSecretKey()),
    ...overrides,
  };
  const api = createPlatformApi(deps);

  async function call<T = unknown>(method: string, path: string, options: CallOptions = {}): Promise<CallResult<T>> {
    const headers = new Headers(options.headers);
    if (options.body !== undefined) headers.set("content-type", "application/json");
    if (options.cookie) headers.set("cookie", options.cookie);
    if (options.apiKey) headers.set("authorization", `Bearer ${options.apiKey}`);
    const origin = options.origin === undefined ? (options.cookie ? TEST_ORIGIN : null) : options.origin;
    if (origin) headers.set("origin", origin);
    const request = new Request(new URL(path, TEST_ORIGIN), {
      method,
      headers,
      body:
        options.body === undefined
          ? undefined
          : typeof options.body === "string"
            ? options.body
            : JSON.stringify(options.body),
    });
    const client = { ipAddress: options.ip ?? "203.0.113.1" };
    const response = path.startsWith("/api/trpc") ? await api.trpc(request, client) : await api.rest(request, client);
    const text = await response.text();
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith("industryos_session="));
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : undefined) as T,
      headers: response.headers,
      sessionCookie: setCookie?.split(";")[0],
    };
  }

  /** Signs up a new tenant; returns its admin's cookie and ids. */
  async function signup(label = randomBytes(3).toString("hex")) {
    const email = `admin-${label}-${randomBytes(3).toString("hex")}@example.test`;
    const password = "correct horse battery staple";
    // A fresh client address per sign-up, so files that create many tenants stay under the limit.
    const ip = `10.${randomBytes(3).join(".")}`;
    // Sign-up is confirmed by email: take the token the service hands its caller instead of a mailbox.
    const input = signupInput.parse({ email, password, tenantName: `Tenant ${label}` });
    const { confirmationToken } = await requestSignup(deps, input, { ipAddress: ip });
    const result = await call<{ user: { id: string }; tenant: { id: string } }>("POST", "/api/v1/auth/signup/confirm", {
      ip,
      body: { token: confirmationToken },
    });
    if (result.status !== 201 || !result.sessionCookie)
      throw new Error(`signup failed: ${result.status} ${JSON.stringify(result.body)}`);
    return {
      email,
      password,
      cookie: result.sessionCookie,
      userId: result.body.user.id,
      tenantId: result.body.tenant.id,
    };
  }

  return {
    deps,
    api,
    telemetryStore,
    call,
    signup,
    database,
    async close() {
      releaseRpcSubscriber(redis);
      await deps.temporal.close();
      await redis.quit().catch(() => undefined);
      await db.close();
      await database.drop();
    },
  };
}

export type ApiHarness = Awaited<ReturnType<typeof startApiHarness>>;
