import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createDatabaseClients, type DatabaseClients } from "@industryos/db";
import { createTestDatabase, type TestDatabase } from "@industryos/db/testing";
import { liveDeviceChannel } from "@industryos/device-protocol";
import { Redis } from "ioredis";
import { createTelemetryStore, type TelemetryStore } from "@industryos/db/telemetry";
import { createDbAttributeReader } from "../../src/data/db-attribute-reader.ts";
import { createStoreTelemetryReader } from "../../src/data/store-telemetry-reader.ts";
import type { ChartTelemetryReader } from "../../src/data/readers.ts";
import { createDbEntityDirectory } from "../../src/entities/entity-directory.ts";
import type { Authenticator, RealtimePrincipal } from "../../src/auth/authenticator.ts";
import type { RealtimeLimits } from "../../src/limits/realtime-limits.ts";
import { createRealtimeServer, type RealtimeServer } from "../../src/server/realtime-server.ts";
import { publishRevocation, type RevokedCredential } from "../../src/revocation.ts";
import { WsTestClient } from "./ws-test-client.ts";

export interface RealtimeNode {
  url: string;
  port: number;
  realtime: RealtimeServer;
  close(): Promise<void>;
}

/**
 * Real PostgreSQL (a database of this test file's own) and Redis (keys under a prefix of its
 * own), and as many web nodes as a test wants. Authentication is the injected function the web
 * process provides in production; here it maps test tokens to principals.
 */
export class RealtimeHarness {
  readonly prefix = `test:realtime:${randomUUID()}:`;
  private readonly principals = new Map<string, RealtimePrincipal>();
  private readonly nodes: RealtimeNode[] = [];
  readonly telemetry: ChartTelemetryReader;
  /** The real telemetry store, to write history and latest values a snapshot must show. */
  readonly store: TelemetryStore;

  private constructor(
    readonly database: TestDatabase,
    readonly db: DatabaseClients,
    readonly redis: Redis,
  ) {
    this.store = createTelemetryStore(db);
    this.telemetry = createStoreTelemetryReader(this.store);
  }

  static async start(): Promise<RealtimeHarness> {
    const database = await createTestDatabase();
    const db = createDatabaseClients({ appUrl: database.appUrl, systemUrl: database.systemUrl, poolSize: 4 });
    const redis = new Redis(process.env.REDIS_URL!);
    return new RealtimeHarness(database, db, redis);
  }

  /** A credential (cookie session token, API key or public id) that authenticates as `principal`. */
  grant(principal: RealtimePrincipal): string {
    const token = randomUUID();
    this.principals.set(token, principal);
    return token;
  }

  /**
   * Revokes as the API does: the credential stops authenticating (the token is forgotten, or
   * answers `replacement` from now on), then the revocation event goes out on Redis.
   */
  async revoke(token: string, credential: RevokedCredential | null, replacement?: RealtimePrincipal): Promise<void> {
    if (replacement) this.principals.set(token, replacement);
    else this.principals.delete(token);
    if (credential) await publishRevocation(this.redis, credential);
  }

  /** Times the injected authenticator was asked (re-validation shows up here). */
  authentications = 0;

  readonly authenticate: Authenticator = async (input) => {
    this.authentications++;
    if (input.kind === "upgrade") {
      const match = /(?:^|;\s*)sid=([^;]+)/.exec(input.headers.get("cookie") ?? "");
      return (match && this.principals.get(match[1]!)) ?? null;
    }
    const token = input.kind === "apiKey" ? input.apiKey : input.publicId;
    return this.principals.get(token) ?? null;
  };

  async startNode(limits: Partial<RealtimeLimits> = {}, port = 0): Promise<RealtimeNode> {
    const server: Server = createServer((_req, res) => res.writeHead(404).end());
    const realtime = createRealtimeServer({
      redis: this.redis,
      keyPrefix: this.prefix,
      authenticate: this.authenticate,
      directory: createDbEntityDirectory(this.db),
      telemetry: this.telemetry,
      attributes: createDbAttributeReader(this.db),
      limits,
    });
    realtime.attach(server);
    await realtime.ready();
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    const actualPort = (server.address() as AddressInfo).port;
    const node: RealtimeNode = {
      url: `ws://127.0.0.1:${actualPort}/api/ws`,
      port: actualPort,
      realtime,
      async close() {
        await realtime.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
    this.nodes.push(node);
    return node;
  }

  /** Connects with a session cookie and waits for `authenticated`. */
  async connectWithCookie(node: RealtimeNode, token: string): Promise<WsTestClient> {
    const client = await WsTestClient.connect(node.url, { cookie: `theme=dark; sid=${token}` });
    await client.next((m) => m.type === "authenticated");
    return client;
  }

  /** Publishes telemetry exactly as ingest does after a committed write. */
  async publishTelemetry(
    tenantId: string,
    deviceId: string,
    values: Record<string, unknown>,
    ts = Date.now(),
  ): Promise<void> {
    const points = Object.entries(values).map(([key, value]) => ({
      ts,
      key,
      type: typeof value === "number" ? "DOUBLE" : "STRING",
      value,
    }));
    await this.redis.publish(
      liveDeviceChannel(tenantId, deviceId),
      JSON.stringify({ type: "POST_TELEMETRY_REQUEST", tenantId, deviceId, receivedAt: Date.now(), points }),
    );
  }

  async publishAttributes(
    tenantId: string,
    deviceId: string,
    scope: string,
    values: Record<string, unknown>,
  ): Promise<void> {
    const attributes = Object.entries(values).map(([key, value]) => ({ key, type: "STRING", value }));
    await this.redis.publish(
      liveDeviceChannel(tenantId, deviceId),
      JSON.stringify({
        type: "POST_ATTRIBUTES_REQUEST",
        tenantId,
        deviceId,
        receivedAt: Date.now(),
        scope,
        attributes,
      }),
    );
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.nodes.map((n) => n.close()));
    const keys = await this.redis.keys(`${this.prefix}*`);
    if (keys.length) await this.redis.del(...keys);
    this.redis.disconnect();
    await this.db.close();
    await this.database.drop();
  }
}
