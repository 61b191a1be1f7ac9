// Series ids this process has resolved (telemetry_series_ids assigns them once and never changes
// them), and which of those series it has registered in telemetry_latest. A write resolves and
// registers only what is not in here, so the steady state adds neither statement to ingest.
// Forgetting is harmless (the id is looked up again, the registration is one ON CONFLICT DO
// NOTHING row), which is how memory stays bounded.
export function createSeriesCache(limit = 2_000_000) {
  // tenant -> entity -> key -> series id (UUID text in one spelling). Nested maps of the batch's
  // own strings: V8 caches their hashes, where a concatenated key would be hashed anew each time.
  let ids = new Map<string, Map<string, Map<string, number>>>();
  let registered = new Set<number>();
  let size = 0;
  return {
    /** The known series of a tenant's entity by key, if any. */
    keysOf(tenant: string, entity: string): Map<string, number> | undefined {
      return ids.get(tenant)?.get(entity);
    },
    add(tenant: string, entity: string, key: string, id: number) {
      if (size >= limit) {
        ids = new Map();
        registered = new Set();
        size = 0;
      }
      let byEntity = ids.get(tenant);
      if (!byEntity) ids.set(tenant, (byEntity = new Map()));
      let byKey = byEntity.get(entity);
      if (!byKey) byEntity.set(entity, (byKey = new Map()));
      if (!byKey.has(key)) size++;
      byKey.set(key, id);
    },
    isRegistered(id: number): boolean {
      return registered.has(id);
    },
    markRegistered(id: number) {
      registered.add(id);
    },
    /** After telemetry_delete_range may have removed the entity's series from telemetry_latest. */
    forget(tenant: string, entity: string) {
      const byKey = ids.get(tenant)?.get(entity);
      if (!byKey) return;
      for (const id of byKey.values()) registered.delete(id);
      size -= byKey.size;
      ids.get(tenant)!.delete(entity);
    },
  };
}
