import type { Logger } from "@industryos/runtime";
import type { RealtimePrincipal } from "../auth/authenticator.ts";
import type { NotificationBus } from "../bus/notification-bus.ts";
import type { NotificationReader } from "../data/notification-reader.ts";
import type { RealtimeLimits } from "../limits/realtime-limits.ts";
import type { InboxNotification, NotificationEvent } from "../notifications.ts";
import { RealtimeError, type ServerMessage } from "../protocol/index.ts";
import { FlushScheduler } from "./flush-scheduler.ts";

export interface NotificationSubscriptionContext {
  principal: RealtimePrincipal;
  bus: NotificationBus;
  notifications: NotificationReader;
  limits: RealtimeLimits;
  send(message: ServerMessage): void;
  isWritable(): boolean;
  logger?: Logger;
}

/**
 * `subscribeNotifications`: the signed-in user's inbox. Sends the unread count and the newest
 * notifications first, then every change (new, read, deleted, all read) with the unread count
 * counted again in the database, at most at the update rate. Listens before reading the snapshot,
 * so nothing committed in between is missed (a change heard meanwhile is sent after it).
 */
export class NotificationsSubscription {
  private stop: (() => void) | undefined;
  private closed = false;
  private loading = true;
  private readonly scheduler: FlushScheduler;
  private created = new Map<string, InboxNotification>();
  private read = new Set<string>();
  private deleted = new Set<string>();
  private allRead = false;
  private counting = false;
  private again = false;

  constructor(
    readonly cmdId: number,
    private readonly limit: number,
    private readonly ctx: NotificationSubscriptionContext,
  ) {
    this.scheduler = new FlushScheduler(1000 / ctx.limits.maxUpdatesPerSecond, ctx.isWritable, () => this.flush());
  }

  private get userId(): string {
    const userId = this.ctx.principal.userId;
    if (!userId || this.ctx.principal.allowedSources)
      throw new RealtimeError("NOT_FOUND", "Notifications belong to a signed-in user; this connection has no inbox");
    return userId;
  }

  async start(): Promise<void> {
    const { principal } = this.ctx;
    const userId = this.userId;
    const stop = await this.ctx.bus.listen(principal.tenantId, userId, (event) => this.onEvent(event));
    if (this.closed) return stop();
    this.stop = stop;
    this.ctx.send({ type: "subscribed", cmdId: this.cmdId, entities: [] });
    const [unreadCount, notifications] = await Promise.all([
      this.ctx.notifications.unreadCount(principal.tenantId, userId),
      this.ctx.notifications.latest(principal.tenantId, userId, this.limit),
    ]);
    if (this.closed) return;
    this.ctx.send({ type: "notifications", cmdId: this.cmdId, initial: true, unreadCount, notifications });
    this.loading = false;
    // Changes heard while the snapshot loaded may predate it: sending them again is harmless (merged by id).
    if (this.pending()) this.scheduler.request();
  }

  close(): void {
    this.closed = true;
    this.scheduler.stop();
    this.stop?.();
  }

  private pending(): boolean {
    return this.created.size > 0 || this.read.size > 0 || this.deleted.size > 0 || this.allRead;
  }

  private onEvent(event: NotificationEvent): void {
    if (this.closed) return;
    if (event.kind === "created") this.created.set(event.notification.id, event.notification);
    else if (event.kind === "read") event.ids.forEach((id) => this.read.add(id));
    else if (event.kind === "deleted")
      event.ids.forEach((id) => {
        this.deleted.add(id);
        this.created.delete(id);
      });
    else this.allRead = true;
    if (!this.loading) this.scheduler.request();
  }

  private flush(): void {
    if (this.closed || !this.pending()) return;
    if (this.counting) {
      this.again = true;
      return;
    }
    const created = [...this.created.values()];
    const read = [...this.read];
    const deleted = [...this.deleted];
    const allRead = this.allRead;
    this.created = new Map();
    this.read = new Set();
    this.deleted = new Set();
    this.allRead = false;
    this.counting = true;
    this.ctx.notifications
      .unreadCount(this.ctx.principal.tenantId, this.userId)
      .then((unreadCount) => {
        if (this.closed) return;
        this.ctx.send({
          type: "notifications",
          cmdId: this.cmdId,
          unreadCount,
          ...(created.length ? { created } : {}),
          ...(read.length ? { read } : {}),
          ...(deleted.length ? { deleted } : {}),
          ...(allRead ? { allRead: true as const } : {}),
        });
      })
      .catch((error: unknown) => this.ctx.logger?.warn({ err: error, cmdId: this.cmdId }, "unread recount failed"))
      .finally(() => {
        this.counting = false;
        if (this.again) {
          this.again = false;
          this.scheduler.request();
        }
      });
  }
}
