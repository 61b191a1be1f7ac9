import { CLOSE_CODES } from "../protocol/errors.ts";
import type {
  AlarmCountsMessage,
  AlarmsMessage,
  ErrorMessage,
  NotificationsMessage,
  ResolvedEntity,
  ServerMessage,
  DataMessage,
  SubscribedMessage,
} from "../protocol/server-messages.ts";
import type { CommandInput } from "../protocol/commands.ts";
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from "./backoff.ts";

/** The part of the browser's WebSocket (or the `ws` package's) the client uses. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type ConnectionStatus = "connecting" | "open" | "reconnecting" | "unauthenticated" | "closed";

/** A subscribe command without its cmdId (the client numbers commands itself). */
export type SubscribeRequest =
  Extract<CommandInput, { type: `subscribe${string}` }> extends infer C
    ? C extends { cmdId: number }
      ? Omit<C, "cmdId">
      : never
    : never;

export interface SubscriptionHandlers {
  /** `initial: true` carries the snapshot/history (again after every reconnect): replace, don't append. */
  onData(message: DataMessage): void;
  /** `subscribeAlarms`: the active alarms (`initial`), then their changes. */
  onAlarms?(message: AlarmsMessage): void;
  /** `subscribeAlarmCounts`: the counts, again whenever they change. */
  onAlarmCounts?(message: AlarmCountsMessage): void;
  /** `subscribeNotifications`: the unread count and newest notifications (`initial`), then each change. */
  onNotifications?(message: NotificationsMessage): void;
  onSubscribed?(entities: ResolvedEntity[], message: SubscribedMessage): void;
  onError?(error: ErrorMessage["error"]): void;
}

export interface RealtimeClientOptions {
  /** e.g. `wss://host/api/ws`. */
  url: string;
  /** Without it, the browser's session cookie authenticates the connection. */
  auth?: { apiKey: string } | { publicId: string };
  /** Defaults to `globalThis.WebSocket`. */
  createSocket?: (url: string) => WebSocketLike;
  backoff?: BackoffOptions;
  onStatus?(status: ConnectionStatus): void;
}

interface ActiveSubscription {
  cmdId: number;
  request: SubscribeRequest;
  handlers: SubscriptionHandlers;
}

const OPEN = 1;
const AUTH_CMD_ID = 0;
const RETRY_FAILED_AFTER_MS = 5000;

/**
 * Browser client of `/api/ws`: one connection for many subscriptions. It reconnects with
 * exponential backoff and jitter, authenticates again and re-sends every active subscription,
 * so widgets keep updating across web node restarts without a page reload.
 */
export class RealtimeClient {
  private socket: WebSocketLike | null = null;
  private readonly subscriptions = new Map<number, ActiveSubscription>();
  private nextCmdId = 1;
  private attempt = 0;
  private ready = false;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private statusValue: ConnectionStatus = "connecting";

  constructor(private readonly options: RealtimeClientOptions) {
    this.connect();
  }

  get status(): ConnectionStatus {
    return this.statusValue;
  }

  /** Starts a subscription (now, or as soon as the connection is ready); returns its stop function. */
  subscribe(request: SubscribeRequest, handlers: SubscriptionHandlers): () => void {
    const cmdId = this.nextCmdId++;
    this.subscriptions.set(cmdId, { cmdId, request, handlers });
    if (this.ready) this.sendSubscribe(cmdId, request);
    return () => {
      if (!this.subscriptions.delete(cmdId)) return;
      if (this.ready) this.write({ type: "unsubscribe", cmdId });
    };
  }

  /** Closes for good (no reconnect). */
  close(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.socket?.close(1000, "client closed");
    this.setStatus("closed");
  }

  private connect(): void {
    if (this.stopped) return;
    const create =
      this.options.createSocket ??
      ((url: string) => new (globalThis as unknown as { WebSocket: new (u: string) => WebSocketLike }).WebSocket(url));
    const socket = create(this.options.url);
    this.socket = socket;
    this.ready = false;
    socket.onopen = () => {
      const { auth } = this.options;
      if (auth) this.write({ type: "auth", cmdId: AUTH_CMD_ID, ...auth });
    };
    socket.onmessage = (event) => this.onMessage(String(event.data));
    socket.onerror = () => {};
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.ready = false;
      if (this.stopped) return;
      if (event.code === CLOSE_CODES.unauthenticated) {
        // Retrying with the same credentials cannot succeed: the page must sign in again.
        this.setStatus("unauthenticated");
        return;
      }
      this.setStatus("reconnecting");
      this.retryTimer = setTimeout(
        () => this.connect(),
        backoffDelay(this.attempt++, this.options.backoff ?? DEFAULT_BACKOFF),
      );
    };
  }

  private onMessage(text: string): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(text) as ServerMessage;
    } catch {
      return;
    }
    switch (message.type) {
      case "authenticated":
        this.ready = true;
        this.attempt = 0;
        this.setStatus("open");
        for (const sub of this.subscriptions.values()) this.sendSubscribe(sub.cmdId, sub.request);
        return;
      case "subscribed":
        this.subscriptions.get(message.cmdId)?.handlers.onSubscribed?.(message.entities, message);
        return;
      case "data":
        this.subscriptions.get(message.cmdId)?.handlers.onData(message);
        return;
      case "alarms":
        this.subscriptions.get(message.cmdId)?.handlers.onAlarms?.(message);
        return;
      case "alarmCounts":
        this.subscriptions.get(message.cmdId)?.handlers.onAlarmCounts?.(message);
        return;
      case "notifications":
        this.subscriptions.get(message.cmdId)?.handlers.onNotifications?.(message);
        return;
      case "error": {
        if (message.cmdId === null) return;
        const sub = this.subscriptions.get(message.cmdId);
        if (!sub) return;
        sub.handlers.onError?.(message.error);
        if (message.error.code === "INTERNAL") {
          // A server-side failure (database busy, node restarting) may pass: try again later.
          setTimeout(() => {
            if (this.ready && this.subscriptions.get(sub.cmdId) === sub) this.sendSubscribe(sub.cmdId, sub.request);
          }, RETRY_FAILED_AFTER_MS);
          return;
        }
        // A subscription the server refused (not found, limits, bad command) will not start by being re-sent: forget it.
        this.subscriptions.delete(message.cmdId);
        return;
      }
      case "unsubscribed":
        return;
    }
  }

  private sendSubscribe(cmdId: number, request: SubscribeRequest): void {
    this.write({ ...request, cmdId } as CommandInput);
  }

  private write(command: CommandInput): void {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(command));
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.statusValue === status) return;
    this.statusValue = status;
    this.options.onStatus?.(status);
  }
}
