import { randomUUID } from "node:crypto";
import type { Logger } from "@industryos/runtime";
import type { WebSocket } from "ws";
import type { AllowedSource, AuthenticationInput, Authenticator, RealtimePrincipal } from "../auth/authenticator.ts";
import { assertOpenableEntity } from "../auth/entity-from-state.ts";
import { assertPublicAccess } from "../auth/public-access.ts";
import type { AlarmBus } from "../bus/alarm-bus.ts";
import type { NotificationBus } from "../bus/notification-bus.ts";
import type { LiveBus } from "../bus/live-bus.ts";
import type { AlarmReader } from "../data/alarm-reader.ts";
import type { NotificationReader } from "../data/notification-reader.ts";
import type { AttributeReader, ChartTelemetryReader } from "../data/readers.ts";
import type { EntityDirectory } from "../entities/entity-directory.ts";
import type { RealtimeLimits } from "../limits/realtime-limits.ts";
import type { SessionRegistry } from "../limits/session-registry.ts";
import {
  CLOSE_CODES,
  parseCommand,
  RealtimeError,
  type AlarmCommand,
  type AuthCommand,
  type ServerMessage,
  type SubscribeCommand,
  type SubscribeNotificationsCommand,
} from "../protocol/index.ts";
import { credentialKey } from "../revocation.ts";
import { AlarmCountsSubscription, AlarmsSubscription } from "../subscriptions/alarm-subscriptions.ts";
import { AttributesSubscription } from "../subscriptions/attributes-subscription.ts";
import { LatestSubscription } from "../subscriptions/latest-subscription.ts";
import { NotificationsSubscription } from "../subscriptions/notifications-subscription.ts";
import type { Subscription, SubscriptionContext } from "../subscriptions/subscription.ts";
import { TimeseriesSubscription } from "../subscriptions/timeseries-subscription.ts";
import type { StartGate } from "./start-gate.ts";

type AnySubscription = Subscription | AlarmsSubscription | AlarmCountsSubscription | NotificationsSubscription;

/** Commands held while authentication is in progress; more are dropped. */
const MAX_WAITING_COMMANDS = 200;

export interface SessionServices {
  authenticate: Authenticator;
  bus: LiveBus;
  alarmBus: AlarmBus;
  /** Absent: alarm subscriptions answer INTERNAL (this node cannot read alarms). */
  alarms?: AlarmReader;
  notificationBus: NotificationBus;
  /** Absent: notification subscriptions answer INTERNAL (this node cannot read inboxes). */
  notifications?: NotificationReader;
  directory: EntityDirectory;
  telemetry: ChartTelemetryReader;
  attributes: AttributeReader;
  registry: SessionRegistry;
  limits: RealtimeLimits;
  /** Shared by the node's sessions: how many subscriptions load their snapshot at once. */
  startGate: StartGate;
  logger?: Logger;
}

/**
 * One WebSocket connection: authentication (cookie at upgrade, or an `auth` first message),
 * the command loop, its subscriptions and their limits.
 */
export class RealtimeSession {
  readonly id = randomUUID();
  private principal: RealtimePrincipal | null = null;
  /** What authenticated this connection, kept to re-check it (revocation events, periodic re-validation). */
  private credentialInput: AuthenticationInput | null = null;
  private authenticating = false;
  /** A re-check in progress: commands wait for it, so a revoked connection starts nothing new. */
  private revalidating: Promise<void> | null = null;
  private revalidateTimer: NodeJS.Timeout | undefined;
  private readonly subscriptions = new Map<number, AnySubscription>();
  /** Subscriptions still starting (counted against the limit, not yet in the map); `unsubscribe` may cancel them. */
  private readonly starting = new Map<number, { cancelled: boolean }>();
  private authTimer: NodeJS.Timeout | undefined;
  private waiting: string[] = [];
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly services: SessionServices,
  ) {
    socket.on("message", (data, isBinary) => {
      if (isBinary)
        return this.sendError(null, new RealtimeError("BAD_COMMAND", "Send commands as text (JSON) messages"));
      void this.onMessage(data.toString());
    });
    socket.on("close", () => void this.dispose());
    socket.on("error", () => void this.dispose());
  }

  /** Starts the session: authenticated already by the upgrade's cookie, or waiting for `auth`. */
  async open(principal: RealtimePrincipal | null, input: AuthenticationInput | null = null): Promise<void> {
    if (principal && input) {
      this.authenticating = true;
      this.credentialInput = input;
      await this.admit(principal, "session", undefined);
      return;
    }
    this.authTimer = setTimeout(
      () => this.reject(null, "No `auth` command arrived in time", CLOSE_CODES.unauthenticated),
      this.services.limits.authTimeoutMs,
    );
  }

  get subscriptionCount(): number {
    return this.subscriptions.size;
  }

  /** True when this connection stands on `credential` (a revocation event names it). */
  dependsOn(key: string): boolean {
    return this.principal?.credentials?.some((c) => credentialKey(c) === key) ?? false;
  }

  /**
   * Asks the authenticator again. Revoked (null): an UNAUTHENTICATED error and close 4401, so
   * nothing more is streamed. Valid but granting different access: close 4409 (reconnect). An
   * authenticator that fails (database away) keeps the connection: nothing can be revoked then.
   */
  revalidate(): Promise<void> {
    if (this.closed || !this.principal || !this.credentialInput) return Promise.resolve();
    this.revalidating ??= this.recheck(this.principal, this.credentialInput).finally(() => {
      this.revalidating = null;
    });
    return this.revalidating;
  }

  private async recheck(principal: RealtimePrincipal, input: AuthenticationInput): Promise<void> {
    let fresh: RealtimePrincipal | null;
    try {
      fresh = await this.services.authenticate(input);
    } catch (error) {
      this.services.logger?.warn(
        { err: error, session: this.id },
        "realtime re-validation failed; keeping the connection",
      );
      return;
    }
    if (this.closed) return;
    if (!fresh) {
      this.services.logger?.info({ session: this.id, tenantId: principal.tenantId }, "realtime credentials revoked");
      return this.reject(
        null,
        "The credentials of this connection were revoked",
        CLOSE_CODES.unauthenticated,
        "credentials revoked",
      );
    }
    if (accessOf(fresh) !== accessOf(principal)) {
      this.sendError(null, new RealtimeError("UNAUTHENTICATED", "The access of these credentials changed: reconnect"));
      this.socket.close(CLOSE_CODES.accessChanged, "access changed");
      void this.dispose();
    }
  }

  private async onMessage(text: string): Promise<void> {
    if (this.closed) return;
    if (this.revalidating) {
      await this.revalidating;
      if (this.closed) return;
    }
    // Commands sent right behind `auth` (or while the cookie's session slot is taken) wait for it.
    if (this.authenticating) {
      if (this.waiting.length < MAX_WAITING_COMMANDS) this.waiting.push(text);
      return;
    }
    const parsed = parseCommand(text);
    if (parsed.error) return this.sendError(parsed.error.cmdId, parsed.error.error);
    const command = parsed.command!;
    if (command.type === "auth") return this.onAuth(command);
    if (!this.principal) {
      return this.reject(
        command.cmdId,
        "Authenticate first: send an `auth` command or connect with a session cookie",
        CLOSE_CODES.unauthenticated,
      );
    }
    if (command.type === "unsubscribe") return this.unsubscribe(command.cmdId);
    return this.subscribe(command, this.principal);
  }

  private async onAuth(command: AuthCommand): Promise<void> {
    if (this.principal || this.authenticating) {
      return this.sendError(
        command.cmdId,
        new RealtimeError("BAD_COMMAND", "This connection is already authenticated"),
      );
    }
    this.authenticating = true;
    clearTimeout(this.authTimer);
    let principal: RealtimePrincipal | null = null;
    try {
      principal = command.apiKey
        ? await this.services.authenticate({ kind: "apiKey", apiKey: command.apiKey })
        : await this.services.authenticate({ kind: "publicDashboard", publicId: command.publicId! });
    } catch (error) {
      this.services.logger?.warn({ err: error }, "realtime authenticator failed");
    }
    if (!principal) {
      const what = command.apiKey ? "API key" : "public dashboard link";
      return this.reject(command.cmdId, `This ${what} is not valid`, CLOSE_CODES.unauthenticated);
    }
    this.credentialInput = command.apiKey
      ? { kind: "apiKey", apiKey: command.apiKey }
      : { kind: "publicDashboard", publicId: command.publicId! };
    await this.admit(principal, command.apiKey ? "apiKey" : "publicDashboard", command.cmdId);
  }

  /** Takes a session slot of the tenant and user (cluster-wide), then answers `authenticated`. */
  private async admit(
    principal: RealtimePrincipal,
    via: "session" | "apiKey" | "publicDashboard",
    cmdId: number | undefined,
  ) {
    const slot = await this.services.registry.acquire(this.id, principal);
    if (this.closed) return void this.services.registry.release(this.id);
    this.authenticating = false;
    if (!slot.ok) {
      const who = slot.limit.endsWith("PerTenant") ? "tenant" : "user";
      const error = new RealtimeError("LIMIT_EXCEEDED", `This ${who} already has ${slot.max} open live sessions`, {
        limit: slot.limit,
        max: slot.max,
      });
      this.sendError(cmdId ?? null, error);
      this.socket.close(CLOSE_CODES.sessionLimit, "session limit");
      return;
    }
    this.principal = principal;
    this.revalidateTimer = setInterval(() => void this.revalidate(), this.services.limits.revalidateIntervalMs);
    this.revalidateTimer.unref();
    this.send({ type: "authenticated", ...(cmdId !== undefined ? { cmdId } : {}), via, tenantId: principal.tenantId });
    const waiting = this.waiting;
    this.waiting = [];
    for (const text of waiting) void this.onMessage(text);
  }

  private async subscribe(
    command: SubscribeCommand | AlarmCommand | SubscribeNotificationsCommand,
    principal: RealtimePrincipal,
  ): Promise<void> {
    const { limits } = this.services;
    if (this.subscriptions.has(command.cmdId) || this.starting.has(command.cmdId)) {
      return this.sendError(
        command.cmdId,
        new RealtimeError("DUPLICATE_CMD_ID", `A subscription with cmdId ${command.cmdId} is already active`),
      );
    }
    if (this.subscriptions.size + this.starting.size >= limits.maxSubscriptionsPerSession) {
      return this.sendError(
        command.cmdId,
        new RealtimeError(
          "LIMIT_EXCEEDED",
          `This connection already has ${limits.maxSubscriptionsPerSession} subscriptions`,
          {
            limit: "subscriptionsPerSession",
            max: limits.maxSubscriptionsPerSession,
          },
        ),
      );
    }
    /** A public link's "entity from state" grants the device must be openable for (checked as it starts). */
    let fromState: AllowedSource[] | null = null;
    try {
      if (command.type === "subscribeAlarms" || command.type === "subscribeAlarmCounts") {
        // A public link's alarms widget names no source to scope its alarms to: alarms are for signed-in users.
        if (principal.allowedSources)
          throw new RealtimeError("NOT_FOUND", "A public dashboard link cannot read alarms; sign in to see them");
        if (!this.services.alarms) throw new RealtimeError("INTERNAL", "Alarms are not available on this server");
      } else if (command.type === "subscribeNotifications") {
        if (!this.services.notifications)
          throw new RealtimeError("INTERNAL", "Notifications are not available on this server");
      } else fromState = assertPublicAccess(principal, command);
    } catch (error) {
      return this.sendError(command.cmdId, this.toRealtimeError(error));
    }
    const ticket = { cancelled: false };
    this.starting.set(command.cmdId, ticket);
    const gone = () => this.closed || ticket.cancelled;
    let subscription: AnySubscription | undefined;
    try {
      const lease = await this.services.registry.acquireSubscription(this.id, command.cmdId, principal);
      if (!lease.ok) {
        const who = lease.limit.endsWith("PerTenant") ? "tenant" : "user";
        const error = new RealtimeError("LIMIT_EXCEEDED", `This ${who} already has ${lease.max} live subscriptions`, {
          limit: lease.limit,
          max: lease.max,
        });
        if (!gone()) this.sendError(command.cmdId, error);
        return;
      }
      if (gone()) {
        if (!this.closed) void this.services.registry.releaseSubscription(this.id, command.cmdId);
        return;
      }
      await this.services.startGate.run(async () => {
        if (gone()) return;
        if (command.type === "subscribeAlarms" || command.type === "subscribeAlarmCounts") {
          const ctx = this.alarmContext(principal);
          subscription =
            command.type === "subscribeAlarms"
              ? new AlarmsSubscription(command.cmdId, command.originator, ctx)
              : new AlarmCountsSubscription(command.cmdId, command.originator, ctx);
          await subscription.start();
          return;
        }
        if (command.type === "subscribeNotifications") {
          subscription = new NotificationsSubscription(
            command.cmdId,
            command.limit,
            this.notificationContext(principal),
          );
          await subscription.start();
          return;
        }
        if (fromState) {
          const { directory } = this.services;
          await assertOpenableEntity(principal, command, fromState, directory, limits.maxEntitiesPerSubscription);
          if (gone()) return;
        }
        const entities = await this.services.directory.resolve(principal, command, limits.maxEntitiesPerSubscription);
        if (gone()) return;
        const ctx = this.subscriptionContext(principal);
        if (command.type === "subscribeLatest")
          subscription = new LatestSubscription(command.cmdId, entities, ctx, command.keys);
        else if (command.type === "subscribeTimeseries")
          subscription = new TimeseriesSubscription(command.cmdId, entities, ctx, command);
        else subscription = new AttributesSubscription(command.cmdId, entities, ctx, command.scope, command.keys);
        await subscription.start();
      });
      if (!subscription || gone()) {
        subscription?.close();
        return;
      }
      this.subscriptions.set(command.cmdId, subscription);
      if ("query" in command && command.query && "followQuery" in subscription) {
        const resolve = () => this.services.directory.resolve(principal, command, limits.maxEntitiesPerSubscription);
        subscription.followQuery(resolve, limits.queryRefreshMs);
      }
    } catch (error) {
      subscription?.close();
      if (!gone()) {
        void this.services.registry.releaseSubscription(this.id, command.cmdId).catch(() => {});
        this.sendError(command.cmdId, this.toRealtimeError(error));
      }
    } finally {
      if (this.starting.get(command.cmdId) === ticket) this.starting.delete(command.cmdId);
    }
  }

  private unsubscribe(cmdId: number): void {
    const ticket = this.starting.get(cmdId);
    if (ticket) {
      // Still starting: it will close itself as soon as its current step returns.
      ticket.cancelled = true;
      this.starting.delete(cmdId);
      void this.services.registry.releaseSubscription(this.id, cmdId).catch(() => {});
      this.send({ type: "unsubscribed", cmdId });
      return;
    }
    const subscription = this.subscriptions.get(cmdId);
    if (!subscription) {
      return this.sendError(
        cmdId,
        new RealtimeError("UNKNOWN_SUBSCRIPTION", `No active subscription has cmdId ${cmdId}`),
      );
    }
    subscription.close();
    this.subscriptions.delete(cmdId);
    void this.services.registry.releaseSubscription(this.id, cmdId).catch(() => {});
    this.send({ type: "unsubscribed", cmdId });
  }

  private subscriptionContext(principal: RealtimePrincipal): SubscriptionContext {
    const { bus, telemetry, attributes, limits, logger } = this.services;
    return {
      principal,
      bus,
      telemetry,
      attributes,
      limits,
      logger,
      send: (message) => this.send(message),
      isWritable: () => this.socket.bufferedAmount < limits.maxBufferedBytes,
    };
  }

  private alarmContext(principal: RealtimePrincipal) {
    const { alarmBus, alarms, limits, logger } = this.services;
    return {
      principal,
      alarmBus,
      alarms: alarms!,
      limits,
      logger,
      send: (message: ServerMessage) => this.send(message),
      isWritable: () => this.socket.bufferedAmount < limits.maxBufferedBytes,
    };
  }

  private notificationContext(principal: RealtimePrincipal) {
    const { notificationBus, notifications, limits, logger } = this.services;
    return {
      principal,
      bus: notificationBus,
      notifications: notifications!,
      limits,
      logger,
      send: (message: ServerMessage) => this.send(message),
      isWritable: () => this.socket.bufferedAmount < limits.maxBufferedBytes,
    };
  }

  private toRealtimeError(error: unknown): RealtimeError {
    if (error instanceof RealtimeError) return error;
    this.services.logger?.error({ err: error, session: this.id }, "realtime subscription failed");
    return new RealtimeError("INTERNAL", "The subscription could not be started");
  }

  private send(message: ServerMessage): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(JSON.stringify(message));
  }

  private sendError(cmdId: number | null, error: RealtimeError): void {
    this.send({
      type: "error",
      cmdId,
      error: {
        code: error.code,
        message: error.message,
        ...(error.details !== undefined ? { details: error.details } : {}),
      },
    });
  }

  private reject(cmdId: number | null, message: string, closeCode: number, reason = "unauthenticated"): void {
    this.sendError(cmdId, new RealtimeError("UNAUTHENTICATED", message));
    this.socket.close(closeCode, reason);
    // Stop streaming now, not when the client answers the close frame.
    void this.dispose();
  }

  /** Stops every subscription and gives the session slot back. */
  async dispose(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.authTimer);
    clearInterval(this.revalidateTimer);
    for (const subscription of this.subscriptions.values()) subscription.close();
    this.subscriptions.clear();
    for (const ticket of this.starting.values()) ticket.cancelled = true;
    this.starting.clear();
    await this.services.registry.release(this.id).catch(() => {});
  }
}

/** What a principal may reach; a re-check that changes it closes the connection (4409). */
function accessOf(principal: RealtimePrincipal): string {
  const { tenantId, userId, customerId, scopes, allowedSources } = principal;
  return JSON.stringify([tenantId, userId, customerId, [...scopes].sort(), allowedSources ?? null]);
}
