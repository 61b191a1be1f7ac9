import type { Logger } from "@industryos/runtime";
import type { RealtimePrincipal } from "../auth/authenticator.ts";
import type { LiveBus } from "../bus/live-bus.ts";
import type { LiveUpdate } from "../bus/live-update.ts";
import type { AttributeReader, ChartTelemetryReader } from "../data/readers.ts";
import type { RealtimeLimits } from "../limits/realtime-limits.ts";
import type { EntityData, ResolvedEntity, ServerMessage } from "../protocol/index.ts";
import { FlushScheduler } from "./flush-scheduler.ts";

/** What a subscription needs from its connection and process. */
export interface SubscriptionContext {
  principal: RealtimePrincipal;
  bus: LiveBus;
  telemetry: ChartTelemetryReader;
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
 * sends live updates through the rate-limited, merging scheduler. An entity-query subscription
 * re-resolves its query now and then and follows devices that joined or left.
 */
export abstract class Subscription {
  private readonly stops = new Map<string, () => void>();
  private held: LiveUpdate[] | null = [];
  private scheduler: FlushScheduler;
  private refreshTimer: NodeJS.Timeout | undefined;
  private refreshing = false;
  private closed = false;
  private readonly listener = (update: LiveUpdate) => this.onUpdate(update);

  constructor(
    readonly cmdId: number,
    protected entities: ResolvedEntity[],
    protected readonly ctx: SubscriptionContext,
  ) {
    const minIntervalMs = 1000 / ctx.limits.maxUpdatesPerSecond;
    this.scheduler = new FlushScheduler(minIntervalMs, ctx.isWritable, () => this.flush());
  }

  /** Reads the snapshot/history of these entities, as `{entityId: {key: points}}`. */
  protected abstract loadInitial(entities: ResolvedEntity[]): Promise<EntityData>;
  /** Takes one live update into the pending buffer; returns true when there is something to send. */
  protected abstract accept(update: LiveUpdate, replayed: boolean): boolean;
  /** Takes what is pending, in the wire shape. */
  protected abstract takePending(): { data: EntityData; merged: number } | null;
  /** False for a fixed range that is already over: no live updates can belong to it. */
  protected wantsLive(): boolean {
    return true;
  }

  protected subscribedExtras(): Record<string, unknown> {
    return {};
  }

  async start(): Promise<void> {
    await this.listenTo(this.entities);
    const initial = await this.loadInitial(this.entities);
    if (this.closed) return;
    this.announce();
    this.ctx.send({ type: "data", cmdId: this.cmdId, initial: true, data: initial });
    const held = this.held ?? [];
    this.held = null;
    let any = false;
    for (const update of held) any = this.accept(update, true) || any;
    if (any) this.scheduler.request();
  }

  /**
   * Re-resolves an entity query every `everyMs`: devices that joined are listened to and get
   * their snapshot (a `data` message), and a new `subscribed` lists the current devices.
   */
  followQuery(resolve: () => Promise<ResolvedEntity[]>, everyMs: number): void {
    this.refreshTimer = setInterval(() => void this.refresh(resolve), everyMs);
    this.refreshTimer.unref();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.refreshTimer);
    this.scheduler.stop();
    for (const stop of this.stops.values()) stop();
    this.stops.clear();
  }

  private announce(): void {
    this.ctx.send({ type: "subscribed", cmdId: this.cmdId, entities: this.entities, ...this.subscribedExtras() });
  }

  private async listenTo(entities: ResolvedEntity[]): Promise<void> {
    if (!this.wantsLive()) return;
    for (const entity of entities) {
      const stop = await this.ctx.bus.listen(this.ctx.principal.tenantId, entity.id, this.listener);
      if (this.closed || this.stops.has(entity.id)) stop();
      else this.stops.set(entity.id, stop);
    }
  }

  private async refresh(resolve: () => Promise<ResolvedEntity[]>): Promise<void> {
    if (this.closed || this.refreshing || this.held) return;
    this.refreshing = true;
    try {
      const next = await resolve();
      const before = new Set(this.entities.map((e) => e.id));
      const after = new Set(next.map((e) => e.id));
      const added = next.filter((e) => !before.has(e.id));
      const removed = this.entities.filter((e) => !after.has(e.id));
      if (this.closed || (added.length === 0 && removed.length === 0)) return;
      for (const entity of removed) {
        this.stops.get(entity.id)?.();
        this.stops.delete(entity.id);
      }
      await this.listenTo(added);
      const snapshot = added.length ? await this.loadInitial(added) : {};
      if (this.closed) return;
      this.entities = next;
      this.announce();
      if (added.length) this.ctx.send({ type: "data", cmdId: this.cmdId, data: snapshot });
    } catch (error) {
      // The query's profile/asset was deleted, or it grew past the limit: keep following what we have.
      this.ctx.logger?.debug({ err: error, cmdId: this.cmdId }, "entity query refresh failed");
    } finally {
      this.refreshing = false;
    }
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
    this.ctx.send({
      type: "data",
      cmdId: this.cmdId,
      data: pending.data,
      ...(pending.merged > 0 ? { merged: pending.merged } : {}),
    });
  }
}
