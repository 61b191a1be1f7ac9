import type { Logger } from "@industryos/runtime";
import type { RealtimePrincipal } from "../auth/authenticator.ts";
import type { AlarmBus, AlarmChannelMessage } from "../bus/alarm-bus.ts";
import type { AlarmReader } from "../data/alarm-reader.ts";
import type { RealtimeLimits } from "../limits/realtime-limits.ts";
import type { AlarmChangeEntry, AlarmOriginator, ServerMessage } from "../protocol/index.ts";
import { FlushScheduler } from "./flush-scheduler.ts";

/** Most active alarms an `alarms` snapshot lists (newest first); more are flagged `truncated`. */
export const ALARM_SNAPSHOT_MAX = 1000;
/** Changes that arrive while the snapshot loads are held (up to this many) and re-read after it. */
const MAX_HELD_DURING_LOAD = 10_000;

export interface AlarmSubscriptionContext {
  principal: RealtimePrincipal;
  alarmBus: AlarmBus;
  alarms: AlarmReader;
  limits: RealtimeLimits;
  send(message: ServerMessage): void;
  isWritable(): boolean;
  logger?: Logger;
}

/**
 * Follows the tenant's alarm channel for one originator (alarms raised on it or propagated to it)
 * or every alarm the principal may see (a customer principal: its customer's only). Listens
 * before reading the snapshot, so no change committed in between is lost; changes heard while
 * the snapshot loads are re-read from the database after it (their messages may predate it).
 */
abstract class AlarmFollower {
  private stop: (() => void) | undefined;
  private held: AlarmChannelMessage[] | null = [];
  protected closed = false;
  protected readonly scheduler: FlushScheduler;

  constructor(
    readonly cmdId: number,
    protected readonly originator: AlarmOriginator | undefined,
    protected readonly ctx: AlarmSubscriptionContext,
  ) {
    this.scheduler = new FlushScheduler(1000 / ctx.limits.maxUpdatesPerSecond, ctx.isWritable, () => this.flush());
  }

  protected abstract loadInitial(): Promise<void>;
  /** Changes heard while the snapshot loaded. */
  protected abstract replay(held: AlarmChannelMessage[]): Promise<void>;
  /** A live change this subscription may see; true when there is something to send. */
  protected abstract accept(message: AlarmChannelMessage): boolean;
  protected abstract flush(): void;

  async start(): Promise<void> {
    const { principal } = this.ctx;
    // NOT_FOUND for an originator the principal may not see, before anything is sent.
    const name = this.originator ? (await this.ctx.alarms.originator(principal, this.originator)).name : null;
    const stop = await this.ctx.alarmBus.listen(principal.tenantId, (message) => this.onMessage(message));
    if (this.closed) return stop();
    this.stop = stop;
    this.ctx.send({
      type: "subscribed",
      cmdId: this.cmdId,
      entities: [],
      ...(this.originator ? { originator: { ...this.originator, name } } : {}),
    });
    await this.loadInitial();
    const held = this.held ?? [];
    this.held = null;
    if (held.length > 0 && !this.closed) await this.replay(held);
  }

  close(): void {
    this.closed = true;
    this.scheduler.stop();
    this.stop?.();
  }

  private visible(message: AlarmChannelMessage): boolean {
    const { customerId } = this.ctx.principal;
    if (customerId && message.alarm.customerId !== customerId) return false;
    if (!this.originator) return true;
    const id = this.originator.id;
    return message.alarm.originatorId === id || message.propagatedTo.includes(id);
  }

  private onMessage(message: AlarmChannelMessage): void {
    if (this.closed || !this.visible(message)) return;
    if (this.held) {
      if (this.held.length < MAX_HELD_DURING_LOAD) this.held.push(message);
      return;
    }
    if (this.accept(message)) this.scheduler.request();
  }
}

/** `subscribeAlarms`: the active alarms, then every change, merged per alarm under the update rate. */
export class AlarmsSubscription extends AlarmFollower {
  private readonly pending = new Map<string, AlarmChangeEntry>();
  private merged = 0;

  protected async loadInitial(): Promise<void> {
    const alarms = await this.ctx.alarms.active(
      this.ctx.principal,
      this.originator?.id ?? null,
      ALARM_SNAPSHOT_MAX + 1,
    );
    if (this.closed) return;
    const truncated = alarms.length > ALARM_SNAPSHOT_MAX;
    this.ctx.send({
      type: "alarms",
      cmdId: this.cmdId,
      initial: true,
      alarms: truncated ? alarms.slice(0, ALARM_SNAPSHOT_MAX) : alarms,
      ...(truncated ? { truncated: true as const } : {}),
    });
  }

  protected async replay(held: AlarmChannelMessage[]): Promise<void> {
    const last = new Map<string, AlarmChannelMessage>();
    for (const message of held) {
      last.delete(message.alarm.id);
      last.set(message.alarm.id, message);
    }
    const now = new Map(
      (await this.ctx.alarms.byIds(this.ctx.principal, [...last.keys()])).map((alarm) => [alarm.id, alarm]),
    );
    if (this.closed) return;
    for (const [id, message] of last) {
      const alarm = now.get(id);
      if (alarm) this.add({ ...message, alarm });
    }
    if (this.pending.size > 0) this.scheduler.request();
  }

  protected accept(message: AlarmChannelMessage): boolean {
    this.add(message);
    return true;
  }

  private add(message: AlarmChannelMessage): void {
    const id = message.alarm.id;
    if (this.pending.delete(id)) this.merged++;
    this.pending.set(id, {
      change: message.change,
      alarm: message.alarm,
      ...(message.comment ? { comment: message.comment } : {}),
    });
  }

  protected flush(): void {
    if (this.closed || this.pending.size === 0) return;
    const changes = [...this.pending.values()];
    const merged = this.merged;
    this.pending.clear();
    this.merged = 0;
    this.ctx.send({ type: "alarms", cmdId: this.cmdId, changes, ...(merged > 0 ? { merged } : {}) });
  }
}

/** Changes that move an alarm count (comments and assignments do not). */
const COUNTED_CHANGES = new Set(["created", "updated", "acknowledged", "cleared"]);

/**
 * `subscribeAlarmCounts`: active alarms by severity. A change that may move them has them counted
 * again in the database (at most at the update rate, one count at a time), and they are sent
 * only when they changed.
 */
export class AlarmCountsSubscription extends AlarmFollower {
  private sent = "";
  private counting = false;
  private again = false;

  protected async loadInitial(): Promise<void> {
    const counts = await this.ctx.alarms.counts(this.ctx.principal, this.originator?.id ?? null);
    if (this.closed) return;
    this.sent = JSON.stringify(counts);
    this.ctx.send({ type: "alarmCounts", cmdId: this.cmdId, initial: true, counts });
  }

  protected async replay(): Promise<void> {
    this.scheduler.request();
  }

  protected accept(message: AlarmChannelMessage): boolean {
    return COUNTED_CHANGES.has(message.change);
  }

  protected flush(): void {
    if (this.closed) return;
    if (this.counting) {
      this.again = true;
      return;
    }
    this.counting = true;
    this.ctx.alarms
      .counts(this.ctx.principal, this.originator?.id ?? null)
      .then((counts) => {
        const text = JSON.stringify(counts);
        if (this.closed || text === this.sent) return;
        this.sent = text;
        this.ctx.send({ type: "alarmCounts", cmdId: this.cmdId, counts });
      })
      .catch((error: unknown) => this.ctx.logger?.warn({ err: error, cmdId: this.cmdId }, "alarm recount failed"))
      .finally(() => {
        this.counting = false;
        if (this.again) {
          this.again = false;
          this.scheduler.request();
        }
      });
  }
}
