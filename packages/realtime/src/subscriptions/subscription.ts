import type { Logger } from "@industryos/runtime";
import type { RealtimePrincipal } from "../auth/authenticator.ts";
import type { LiveBus } from "../bus/live-bus.ts";
import type { LiveUpdate } from "../bus/live-update.ts";
import type { AttributeReader, TelemetryReader } from "../data/readers.ts";
import type { RealtimeLimits } from "../limits/realtime-limits.ts";
import type { EntityData, ResolvedEntity, ServerMessage } from "../protocol/index.ts";
import { FlushScheduler } from "./flush-scheduler.ts";

/** What a subscription needs from its connection and process. */
export interface SubscriptionContext {
  principal: RealtimePrincipal;
  bus: LiveBus;
  telemetry: TelemetryReader;
  attributes: AttributeReader;
  limits: RealtimeLimits;
  send(message: ServerMessage): void;
  /** False while the socket's send buffer is above the limit. */
  isWritable(): boolean;
  logger?: Logger;
}

/** Updates that arrive while the snapshot loads are held (up to this many) and replayed after it. */
const MAX_HELD_DURING_LOAD = 10_000;

/**
 * One active subscription: listens to its devices on the live bus *before* reading the snapshot
 * (so nothing published in between is lost), sends `subscribed` and the initial data, then
 * sends live updates through the rate-limited, merging scheduler.
 */
export abstract class Subscription {
  private stops: Array<() => void> = [];
  private held: LiveUpdate[] | null = [];
  private scheduler: FlushScheduler;
  private closed = false;

  constructor(
    readonly cmdId: number,
    protected readonly entities: ResolvedEntity[],
    protected readonly ctx: SubscriptionContext,
  ) {
    const minIntervalMs = 1000 / ctx.limits.maxUpdatesPerSecond;
    this.scheduler = new FlushScheduler(minIntervalMs, ctx.isWritable, () => this.flush());
  }

  /** Reads the snapshot/history, as `{entityId: {key: points}}`. */
  protected abstract loadInitial(): Promise<EntityData>;
  /** Takes one live update into the pending buffer; returns true when there is something to send. */
  protected abstract accept(update: LiveUpdate, replayed: boolean): boolean;
  /** Takes what is pending, in the wire shape. */
  protected abstract takePending(): { data: EntityData; merged: number } | null;
  /** False for a fixed range that is already over: no live updates can belong to it. */
  protected wantsLive(): boolean {
    return true;
  }

  async start(): Promise<void> {
    if (this.wantsLive()) {
      const listener = (update: LiveUpdate) => this.onUpdate(update);
      for (const entity of this.entities) {
        const stop = await this.ctx.bus.listen(this.ctx.principal.tenantId, entity.id, listener);
        if (this.closed) stop();
        else this.stops.push(stop);
      }
    }
    const initial = await this.loadInitial();
    if (this.closed) return;
    this.ctx.send({ type: "subscribed", cmdId: this.cmdId, entities: this.entities, ...this.subscribedExtras() });
    this.ctx.send({ type: "data", cmdId: this.cmdId, initial: true, data: initial });
    const held = this.held ?? [];
    this.held = null;
    let any = false;
    for (const update of held) any = this.accept(update, true) || any;
    if (any) this.scheduler.request();
  }

  protected subscribedExtras(): Record<string, unknown> {
    return {};
  }

  close(): void {
    this.closed = true;
    this.scheduler.stop();
    for (const stop of this.stops) stop();
    this.stops = [];
  }

  private onUpdate(update: LiveUpdate): void {
    if (this.closed) return;
    if (this.held) {
      if (this.held.length < MAX_HELD_DURING_LOAD) this.held.push(update);
      return;
    }
    if (this.accept(update, false)) this.scheduler.request();
  }

  private flush(): void {
    if (this.closed) return;
    const pending = this.takePending();
    if (!pending) return;
    this.ctx.send({ type: "data", cmdId: this.cmdId, data: pending.data, ...(pending.merged > 0 ? { merged: pending.merged } : {}) });
  }
}
