import type { DataMessage, EntityData } from "@industryos/realtime/client";

/**
 * Folds one `data` message into a widget's state. `initial` replaces everything (it is the
 * snapshot, sent again after a reconnect). For latest values each key keeps one point; for a
 * series, points are appended in time order, points older than `from` dropped, and at most
 * `maxPoints` per key kept.
 */
export function applyData(
  state: EntityData,
  message: DataMessage,
  mode: "latest" | "series",
  opts: { from?: number; maxPoints?: number } = {},
): EntityData {
  if (message.initial) return message.data;
  const next: EntityData = { ...state };
  for (const [entityId, byKey] of Object.entries(message.data)) {
    const current = { ...(next[entityId] ?? {}) };
    for (const [key, points] of Object.entries(byKey)) {
      if (mode === "latest") {
        const newest = points.reduce((a, b) => (b.ts >= a.ts ? b : a));
        const had = current[key]?.[0];
        if (!had || newest.ts >= had.ts) current[key] = [newest];
        continue;
      }
      let merged = [...(current[key] ?? [])];
      for (const p of points) {
        // Aggregated windows resend the current bucket: replace a point with the same ts.
        const last = merged.at(-1);
        if (last && last.ts === p.ts) merged[merged.length - 1] = p;
        else if (!last || p.ts > last.ts) merged.push(p);
        else {
          const at = merged.findIndex((q) => q.ts >= p.ts);
          if (merged[at]?.ts === p.ts) merged[at] = p;
          else merged.splice(at, 0, p);
        }
      }
      if (opts.from !== undefined) merged = merged.filter((p) => p.ts >= opts.from!);
      if (opts.maxPoints !== undefined && merged.length > opts.maxPoints) merged = merged.slice(-opts.maxPoints);
      current[key] = merged;
    }
    next[entityId] = current;
  }
  return next;
}

/** The newest value of `key` of any entity in the state (cards and gauges show one value). */
export function latestOf(
  state: EntityData,
  key: string,
  entityId?: string,
): { ts: number; value: unknown } | undefined {
  let best: { ts: number; value: unknown } | undefined;
  for (const [id, byKey] of Object.entries(state)) {
    if (entityId && id !== entityId) continue;
    const p = byKey[key]?.at(-1);
    if (p && (!best || p.ts > best.ts)) best = p;
  }
  return best;
}
