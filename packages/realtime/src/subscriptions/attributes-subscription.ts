import type { LiveUpdate } from "../bus/live-update.ts";
import type { AttributeScopeName, EntityData, ResolvedEntity } from "../protocol/index.ts";
import { PendingPoints } from "./pending-points.ts";
import { Subscription, type SubscriptionContext } from "./subscription.ts";

/** Attributes of one scope of one or more devices; `ts` of each value is its last update time. */
export class AttributesSubscription extends Subscription {
  private readonly keys: Set<string> | null;
  private readonly pending = new PendingPoints("latest", 1);

  constructor(
    cmdId: number,
    entities: ResolvedEntity[],
    ctx: SubscriptionContext,
    private readonly scope: AttributeScopeName,
    keys: string[] | undefined,
  ) {
    super(cmdId, entities, ctx);
    this.keys = keys ? new Set(keys) : null;
  }

  protected override subscribedExtras() {
    return { scope: this.scope };
  }

  protected async loadInitial(entities: ResolvedEntity[]): Promise<EntityData> {
    const keys = this.keys ? [...this.keys] : undefined;
    const rows = await Promise.all(
      entities.map((e) => this.ctx.attributes.read(this.ctx.principal.tenantId, e.id, this.scope, keys)),
    );
    const data: EntityData = {};
    entities.forEach((entity, i) => {
      const values: EntityData[string] = {};
      for (const row of rows[i] ?? []) values[row.key] = [{ ts: row.lastUpdateTs, value: row.value }];
      data[entity.id] = values;
    });
    return data;
  }

  protected accept(update: LiveUpdate): boolean {
    if (update.kind !== "attributes" || update.scope !== this.scope) return false;
    let any = false;
    for (const attribute of update.values) {
      if (this.keys && !this.keys.has(attribute.key)) continue;
      this.pending.add(update.deviceId, attribute.key, { ts: update.ts, value: attribute.value });
      any = true;
    }
    return any;
  }

  protected takePending() {
    return this.pending.take();
  }
}
