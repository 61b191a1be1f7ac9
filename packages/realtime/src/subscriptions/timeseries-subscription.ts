import type { LiveUpdate } from "../bus/live-update.ts";
import {
  RealtimeError,
  type EntityData,
  type ResolvedEntity,
  type SubscribeTimeseriesCommand,
} from "../protocol/index.ts";
import { BucketAggregator } from "./bucket-aggregator.ts";
import { PendingPoints } from "./pending-points.ts";
import { Subscription, type SubscriptionContext } from "./subscription.ts";

/** Most buckets one aggregated key may span: more than any chart can draw. */
export const MAX_BUCKETS = 50_000;

/**
 * A time window of some keys: history from the telemetry store first, then live points. Raw
 * windows (agg NONE) forward every point; aggregated ones send the updated value of the current
 * bucket. A rolling window (`lastMs`) follows the clock (the client trims old points); a fixed
 * range receives live points only while it is still open.
 */
export class TimeseriesSubscription extends Subscription {
  private readonly keys: Set<string>;
  private readonly from: number;
  private readonly to: number | null;
  private pending: PendingPoints | null = null;
  private aggregator: BucketAggregator | null = null;
  /** `entity\0key\0ts` of points the snapshot already holds, to drop their replayed copies. */
  private snapshotPoints = new Set<string>();

  constructor(
    cmdId: number,
    entities: ResolvedEntity[],
    ctx: SubscriptionContext,
    private readonly command: SubscribeTimeseriesCommand,
  ) {
    super(cmdId, entities, ctx);
    this.keys = new Set(command.keys);
    const now = Date.now();
    if ("lastMs" in command.window) {
      this.from = now - command.window.lastMs;
      this.to = null;
    } else {
      this.from = command.window.from;
      this.to = command.window.to;
    }
    if (command.agg !== "NONE") {
      const buckets = Math.ceil(((this.to ?? now) - this.from) / command.intervalMs!);
      if (buckets > MAX_BUCKETS) {
        throw new RealtimeError(
          "BAD_COMMAND",
          `The window holds ${buckets} buckets of ${command.intervalMs} ms; at most ${MAX_BUCKETS} are allowed: use a longer intervalMs`,
        );
      }
    } else {
      this.pending = new PendingPoints("series", ctx.limits.maxPendingPointsPerKey);
    }
  }

  protected override wantsLive(): boolean {
    return this.to === null || this.to > Date.now();
  }

  protected async loadInitial(entities: ResolvedEntity[]): Promise<EntityData> {
    const { tenantId } = this.ctx.principal;
    const { agg, intervalMs, limit } = this.command;
    const keys = [...this.keys];
    const to = this.to ?? Date.now();
    const histories = await Promise.all(
      entities.map((e) =>
        this.ctx.telemetry.history(tenantId, e.id, { keys, from: this.from, to, agg, intervalMs, limit }),
      ),
    );
    const data: EntityData = {};
    entities.forEach((entity, i) => (data[entity.id] = histories[i] ?? {}));
    if (agg === "NONE") {
      for (const [entityId, byKey] of Object.entries(data)) {
        for (const [key, points] of Object.entries(byKey))
          for (const p of points) this.snapshotPoints.add(`${entityId}\0${key}\0${p.ts}`);
      }
    } else if (this.wantsLive()) {
      await this.seedCurrentBuckets(entities, data, Date.now());
    }
    return data;
  }

  /**
   * The store's last bucket is still filling. Aligning on a bucket start it returned, re-read
   * that bucket's raw points once, so live points keep adding to the right aggregate.
   */
  private async seedCurrentBuckets(entities: ResolvedEntity[], history: EntityData, now: number): Promise<void> {
    const intervalMs = this.command.intervalMs!;
    if (!this.aggregator) {
      let origin = 0;
      for (const byKey of Object.values(history))
        for (const points of Object.values(byKey)) if (points.length) origin = points[points.length - 1]!.ts;
      this.aggregator = new BucketAggregator(
        this.command.agg as Exclude<typeof this.command.agg, "NONE">,
        intervalMs,
        origin,
      );
    }
    const aggregator = this.aggregator;
    const bucketFrom = aggregator.bucketStart(now);
    const keys = [...this.keys];
    const raws = await Promise.all(
      entities.map((e) =>
        this.ctx.telemetry.history(this.ctx.principal.tenantId, e.id, {
          keys,
          from: bucketFrom,
          to: now + 1,
          agg: "NONE",
          limit: 50_000,
        }),
      ),
    );
    entities.forEach((entity, i) => {
      for (const [key, points] of Object.entries(raws[i] ?? {})) {
        for (const p of points) {
          aggregator.add(entity.id, key, p.ts, p.value, true);
          this.snapshotPoints.add(`${entity.id}\0${key}\0${p.ts}`);
        }
      }
    });
  }

  protected accept(update: LiveUpdate, replayed: boolean): boolean {
    if (update.kind !== "telemetry") return false;
    let any = false;
    for (const point of update.points) {
      if (!this.keys.has(point.key) || point.ts < this.from || (this.to !== null && point.ts >= this.to)) continue;
      if (replayed && this.snapshotPoints.has(`${update.deviceId}\0${point.key}\0${point.ts}`)) continue;
      if (this.aggregator) any = this.aggregator.add(update.deviceId, point.key, point.ts, point.value) || any;
      else if (this.pending) {
        this.pending.add(update.deviceId, point.key, { ts: point.ts, value: point.value });
        any = true;
      }
    }
    if (!replayed) this.snapshotPoints.clear();
    return any;
  }

  protected takePending() {
    return this.aggregator ? this.aggregator.take() : (this.pending?.take() ?? null);
  }
}
