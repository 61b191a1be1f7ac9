import type { LiveUpdate } from "../bus/live-update.ts";
import type { EntityData, ResolvedEntity } from "../protocol/index.ts";
import { PendingPoints } from "./pending-points.ts";
import { Subscription, type SubscriptionContext } from "./subscription.ts";

/** Latest telemetry values of some keys (or all keys) of one or more devices. */
export class LatestSubscription extends Subscription {
  private readonly keys: Set<string> | null;
  private readonly pending: PendingPoints;
  /** Newest ts sent per `entity\0key`: an older point arriving late never moves a value back. */
  private readonly newest = new Map<string, number>();

  constructor(cmdId: number, entities: ResolvedEntity[], ctx: SubscriptionContext, keys: string[] | undefined) {
    super(cmdId, entities, ctx);
    this.keys = keys ? new Set(keys) : null;
    this.pending = new PendingPoints("latest", 1);
  }

  protected async loadInitial(entities: ResolvedEntity[]): Promise<EntityData> {
    const keys = this.keys ? [...this.keys] : undefined;
    const snapshots = await Promise.all(
      entities.map((e) => this.ctx.telemetry.latest(this.ctx.principal.tenantId, e.id, keys)),
    );
    const data: EntityData = {};
    entities.forEach((entity, i) => {
      const values: EntityData[string] = {};
      for (const [key, point] of Object.entries(snapshots[i] ?? {})) {
        values[key] = [point];
        this.newest.set(`${entity.id}\0${key}`, point.ts);
      }
      data[entity.id] = values;
    });
    return data;
  }

  protected accept(update: LiveUpdate): boolean {
    if (update.kind !== "telemetry") return false;
    let any = false;
    for (const point of update.points) {
      if (this.keys && !this.keys.has(point.key)) continue;
      const id = `${update.deviceId}\0${point.key}`;
      const newest = this.newest.get(id);
      if (newest !== undefined && point.ts < newest) continue;
      this.newest.set(id, point.ts);
      this.pending.add(update.deviceId, point.key, { ts: point.ts, value: point.value });
      any = true;
    }
    return any;
  }

  protected takePending() {
    return this.pending.take();
  }
}
