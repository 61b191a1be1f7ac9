/** Messages that say an entity's attributes changed: its cached reads are dropped before its chain runs. */
export const ATTRIBUTE_CHANGE_TYPES: ReadonlySet<string> = new Set(["POST_ATTRIBUTES_REQUEST", "ATTRIBUTES_UPDATED"]);

const MAX_ENTITIES = 100_000;

export interface AttributeCache {
  /** `load`'s result for this entity and `part` (scope and keys), from the cache while fresh. */
  read<T>(tenantId: string, entityId: string, part: string, load: () => Promise<T>): Promise<T>;
  /** Drops every cached read of the entity (a save, or an attributes message of it). */
  forget(tenantId: string, entityId: string): void;
}

/**
 * Attribute reads of the enrichment nodes (`RuleServices.attributes.get`), cached per entity for
 * `ttlMs`. Without it every message through an attributes enrichment node costs a transaction
 * under row-level security (four round trips to PostgreSQL), which bounded the rule engine far
 * below ingest's rate (bench/rules/README.md).
 *
 * What keeps it exact where it matters: an entity's attribute changes reach its partition in
 * order with its messages (ingest's POST_ATTRIBUTES_REQUEST, the API's ATTRIBUTES_UPDATED), and
 * the entry processor drops the entity's reads when one passes, before that message's chain runs;
 * this process's own saves drop them too. Changes that send no message (attributes deleted
 * through the API, a save by another workers process on an entity whose partition this one owns)
 * show within `ttlMs`. `ttlMs` 0 turns the cache off.
 */
export function createAttributeCache(ttlMs: number): AttributeCache {
  const entities = new Map<string, { expires: number; reads: Map<string, Promise<unknown>> }>();
  const keyOf = (tenantId: string, entityId: string) => `${tenantId}/${entityId}`;

  return {
    read<T>(tenantId: string, entityId: string, part: string, load: () => Promise<T>): Promise<T> {
      if (ttlMs <= 0) return load();
      const key = keyOf(tenantId, entityId);
      const now = Date.now();
      let entity = entities.get(key);
      if (!entity || entity.expires <= now) {
        if (entities.size >= MAX_ENTITIES) entities.clear();
        entity = { expires: now + ttlMs, reads: new Map() };
        entities.set(key, entity);
      }
      const hit = entity.reads.get(part) as Promise<T> | undefined;
      if (hit) return hit;
      const loading = load();
      entity.reads.set(part, loading);
      // A failed read is not remembered: the next message asks again.
      const reads = entity.reads;
      loading.catch(() => reads.get(part) === loading && reads.delete(part));
      return loading;
    },
    forget(tenantId, entityId) {
      entities.delete(keyOf(tenantId, entityId));
    },
  };
}
