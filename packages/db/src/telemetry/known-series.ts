// Series (entity, key) this process has already registered in telemetry_latest. A write
// registers only series not in here, so the steady state adds no latest-table work to the
// write transaction. Forgetting is harmless (one ON CONFLICT DO NOTHING row per series again),
// which is how memory stays bounded.
export function createKnownSeries(limit = 2_000_000) {
  let known = new Map<string, Set<number>>();
  let size = 0;
  return {
    has(entity: string, keyId: number): boolean {
      return known.get(entity)?.has(keyId) ?? false;
    },
    add(entity: string, keyId: number) {
      if (size >= limit) {
        known = new Map();
        size = 0;
      }
      let keys = known.get(entity);
      if (!keys) known.set(entity, (keys = new Set()));
      if (!keys.has(keyId)) {
        keys.add(keyId);
        size++;
      }
    },
    /** After telemetry_delete_range may have removed series from telemetry_latest. */
    forget(entity: string) {
      const keys = known.get(entity);
      if (keys) size -= keys.size;
      known.delete(entity);
    },
  };
}
