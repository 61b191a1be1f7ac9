import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { duplicateRedisClient, type Logger, type RedisClient } from "@industryos/runtime";
import { WebSocketServer, type WebSocket } from "ws";
import {
  toHeaders,
  type AuthenticationInput,
  type Authenticator,
  type RealtimePrincipal,
} from "../auth/authenticator.ts";
import { AlarmBus } from "../bus/alarm-bus.ts";
import { LiveBus } from "../bus/live-bus.ts";
import { NotificationBus } from "../bus/notification-bus.ts";
import type { AlarmReader } from "../data/alarm-reader.ts";
import type { NotificationReader } from "../data/notification-reader.ts";
import type { AttributeReader, ChartTelemetryReader } from "../data/readers.ts";
import type { EntityDirectory } from "../entities/entity-directory.ts";
import { DEFAULT_LIMITS, type RealtimeLimits } from "../limits/realtime-limits.ts";
import { createSessionRegistry } from "../limits/session-registry.ts";
import { CLOSE_CODES } from "../protocol/index.ts";
import { credentialKey, decodeRevocation, REVOCATION_CHANNEL } from "../revocation.ts";
import { RealtimeSession } from "../session/realtime-session.ts";
import { StartGate } from "../session/start-gate.ts";

export const REALTIME_PATH = "/api/ws";
/** Largest command accepted; commands are small JSON objects. */
const MAX_COMMAND_BYTES = 64 * 1024;
/** Dead connections (no pong) are dropped after one missed ping interval. */
const PING_INTERVAL_MS = 30_000;
/** Subscriptions loading their snapshot at once per node; keep below the database pool size. */
const CONCURRENT_STARTS = 8;

export interface RealtimeServerOptions {
  /** Redis for commands (session counting); a second connection is made from it for pub/sub. */
  redis: RedisClient;
  /** Prefix of the Redis keys this server writes (tests use their own). */
  keyPrefix?: string;
  authenticate: Authenticator;
  directory: EntityDirectory;
  telemetry: ChartTelemetryReader;
  attributes: AttributeReader;
  /**
   * Alarm subscriptions' reads (`createDbAlarmReader`); by default the directory's own
   * (`createDbEntityDirectory` carries one). Without either, alarm subscriptions answer INTERNAL.
   */
  alarms?: AlarmReader;
  /**
   * `subscribeNotifications`' reads (`createDbNotificationReader`); by default the directory's own.
   * Without either, notification subscriptions answer INTERNAL.
   */
  notifications?: NotificationReader;
  limits?: Partial<RealtimeLimits>;
  logger?: Logger;
  path?: string;
}

export interface RealtimeServer {
  /** Handles `upgrade` events of an HTTP server for the WebSocket path; other paths are left alone. */
  attach(server: Server): void;
  /** For a custom upgrade router: true when the request was for this server and was taken. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  stats(): { sessions: number; subscriptions: number; channels: number };
  /** Resolves once this node listens to revocation events (tests wait for it before revoking). */
  ready(): Promise<void>;
  /** Closes every connection (1001, clients reconnect elsewhere) and the pub/sub connection. */
  close(): Promise<void>;
}

/** The `/api/ws` endpoint of one web node. */
export function createRealtimeServer(options: RealtimeServerOptions): RealtimeServer {
  const limits: RealtimeLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const path = options.path ?? REALTIME_PATH;
  const logger = options.logger;
  // SUBSCRIBEs wait for this connection (at start, after a reconnect) instead of failing at
  // once as the web's command client does (enableOfflineQueue: false).
  const subscriber = duplicateRedisClient(options.redis, { enableOfflineQueue: true });
  subscriber.on("error", (error) => logger?.warn({ err: error }, "realtime pub/sub connection error"));
  const bus = new LiveBus(subscriber, options.redis, logger);
  const alarmBus = new AlarmBus(subscriber, logger);
  const notificationBus = new NotificationBus(subscriber, logger);
  // Revocations (publishRevocation, from the API) re-check the connections that stand on the
  // revoked credential at once; periodic re-validation (each session) covers lost events.
  const revocations = subscriber.subscribe(REVOCATION_CHANNEL).then(
    () => undefined,
    (error: unknown) => logger?.warn({ err: error }, "could not listen to credential revocations"),
  );
  subscriber.on("message", (channel: string, message: string) => {
    if (channel !== REVOCATION_CHANNEL) return;
    const revoked = decodeRevocation(message);
    if (!revoked) return;
    const key = credentialKey(revoked);
    for (const session of sessions) if (session.dependsOn(key)) void session.revalidate();
  });
  const registry = createSessionRegistry({
    redis: options.redis,
    keyPrefix: options.keyPrefix ?? "",
    maxSessionsPerTenant: limits.maxSessionsPerTenant,
    maxSessionsPerUser: limits.maxSessionsPerUser,
    maxSubscriptionsPerTenant: limits.maxSubscriptionsPerTenant,
    maxSubscriptionsPerUser: limits.maxSubscriptionsPerUser,
  });
  const services = {
    authenticate: options.authenticate,
    bus,
    alarmBus,
    alarms: options.alarms ?? options.directory.alarms,
    notificationBus,
    notifications: options.notifications ?? options.directory.notifications,
    directory: options.directory,
    telemetry: options.telemetry,
    attributes: options.attributes,
    registry,
    limits,
    startGate: new StartGate(CONCURRENT_STARTS),
    logger,
  };
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_COMMAND_BYTES, perMessageDeflate: false });
  const sessions = new Set<RealtimeSession>();
  const alive = new WeakSet<WebSocket>();

  const heartbeat = setInterval(() => {
    for (const socket of wss.clients) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, PING_INTERVAL_MS);
  heartbeat.unref();

  function accept(socket: WebSocket, principal: RealtimePrincipal | null, input: AuthenticationInput | null) {
    alive.add(socket);
    socket.on("pong", () => alive.add(socket));
    const session = new RealtimeSession(socket, services);
    sessions.add(session);
    socket.on("close", () => sessions.delete(session));
    session.open(principal, input).catch((error: unknown) => {
      logger?.error({ err: error }, "realtime session failed to open");
      socket.close(1011, "internal error");
    });
  }

  function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname !== path) return false;
    // A session cookie authenticates at once; without one (or with a stale one) the client may
    // still send `auth` with an API key or a public dashboard id as its first message.
    // The authenticator also checks the Origin of a cookie upgrade (a page of another site must
    // not ride on the browser's cookie).
    const hasCookie = typeof request.headers.cookie === "string" && request.headers.cookie.length > 0;
    const input: AuthenticationInput | null = hasCookie
      ? { kind: "upgrade", headers: toHeaders(request.headers) }
      : null;
    const principal: Promise<RealtimePrincipal | null> = input
      ? options.authenticate(input).catch((error: unknown) => {
          logger?.warn({ err: error }, "realtime cookie authentication failed");
          return null;
        })
      : Promise.resolve(null);
    void principal.then((resolved) => {
      if (socket.destroyed) return;
      wss.handleUpgrade(request, socket, head, (ws) => accept(ws, resolved, resolved ? input : null));
    });
    return true;
  }

  return {
    attach(server) {
      server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
        handleUpgrade(request, socket, head);
      });
    },
    handleUpgrade,
    ready: () => revocations,
    stats() {
      let subscriptions = 0;
      for (const session of sessions) subscriptions += session.subscriptionCount;
      return { sessions: sessions.size, subscriptions, channels: bus.channelCount + alarmBus.channelCount };
    },
    async close() {
      clearInterval(heartbeat);
      for (const socket of wss.clients) socket.close(CLOSE_CODES.goingAway, "server shutting down");
      await Promise.allSettled([...sessions].map((s) => s.dispose()));
      await registry.close();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      subscriber.disconnect();
    },
  };
}
