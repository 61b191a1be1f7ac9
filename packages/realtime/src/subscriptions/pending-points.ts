import type { EntityData, PlainPoint } from "../protocol/index.ts";

/**
 * Points waiting to be sent for one subscription.
 * - "latest": one value per entity and key; a newer value replaces the waiting one (merged).
 * - "series": every point, up to `maxPerKey` per key; beyond that the oldest are merged away.
 */
export class PendingPoints {
  private data = new Map<string, Map<string, PlainPoint[]>>();
  private mergedCount = 0;
  private count = 0;

  constructor(
    private readonly mode: "latest" | "series",
    private readonly maxPerKey: number,
  ) {}

  get isEmpty(): boolean {
    return this.count === 0;
  }

  add(entityId: string, key: string, point: PlainPoint): void {
    let byKey = this.data.get(entityId);
    if (!byKey) this.data.set(entityId, (byKey = new Map()));
    const points = byKey.get(key);
    if (!points) {
      byKey.set(key, [point]);
      this.count++;
      return;
    }
    if (this.mode === "latest") {
      const waiting = points[0]!;
      this.mergedCount++;
      if (point.ts >= waiting.ts) points[0] = point;
      return;
    }
    points.push(point);
    this.count++;
    if (points.length > this.maxPerKey) {
      points.shift();
      this.count--;
      this.mergedCount++;
    }
  }

  /** Everything waiting, in the wire shape (each key's points oldest first), and empties the buffer. */
  take(): { data: EntityData; merged: number } | null {
    if (this.count === 0) return null;
    const data: EntityData = {};
    for (const [entityId, byKey] of this.data) {
      const keys: Record<string, PlainPoint[]> = {};
      for (const [key, points] of byKey)
        keys[key] = this.mode === "series" ? points.sort((a, b) => a.ts - b.ts) : points;
      data[entityId] = keys;
    }
    const merged = this.mergedCount;
    this.data = new Map();
    this.mergedCount = 0;
    this.count = 0;
    return { data, merged };
  }
}
