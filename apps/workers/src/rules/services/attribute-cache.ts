import { createRefreshGatherer, REFRESH_AFTER } from "./refresh-gatherer.ts";

/** Messages that say an entity's attributes changed: its cached reads are dropped before its chain runs. */
export const ATTRIBUTE_CHANGE_TYPES: ReadonlySet<string> = new Set(["POST_ATTRIBUTES_REQUEST", "ATTRIBUTES_UPDATED"]);

const MAX_ENTITIES = 100_000;

/**
 * One read, of the same `part` (scope and keys), for many entities of a tenant at once: each
 * entity's result by its id (entities without one get what a single read of them returns).
 */
export type ReadMany<T> = (entityIds: string[]) => Promise<Map<string, T>>;

export interface AttributeCache {
  /**
   * `load`'s result for this entity and `part` (scope and keys), from the cache while fresh. With
   * `loadMany`, a read past REFRESH_AFTER of its time is served from the cache and read again in
   * the background, gathered with other entities' into one statement.
   */
  read<T>(tenantId: string, entityId: string, part: string, load: () => Promise<T>, loadMany?: ReadMany<T>): Promise<T>;
  /** Drops every cached read of the entity (a save, or an attributes message of it). */
  forget(tenantId: string, entityId: string): void;
}

interface CachedRead {
  /** When the read that gave `value` started: its age bounds how stale the value can be. */
  readAt: number;
  value: Promise<unknown>;
  refreshing: boolean;
}

type Entity = Map<string, CachedRead>;
/** A background read asked for: the entity's cached reads and the read to replace, as they were then. */
type Queued = { entity: Entity; cached: CachedRead };

/**
 * Attribute reads of the enrichment nodes (`RuleServices.attributes.get`), cached per entity for
 * `ttlMs`. Without it every message through an attributes enrichment node costs a transaction
 * under row-level security (three round trips to PostgreSQL), which bounded the rule engine far
 * below ingest's rate (bench/rules/README.md). Reads still in use near the end of their time are
 * read again in the background, many entities in one transaction (refresh-gatherer.ts), so a
 * device sending steadily costs no transaction of its own, and its messages never wait for one.
 *
 * What keeps it exact where it matters: an entity's attribute changes reach its partition in
 * order with its messages (ingest's POST_ATTRIBUTES_REQUEST, the API's ATTRIBUTES_UPDATED), and
 * the entry processor drops the entity's reads when one passes, before that message's chain runs;
 * this process's own saves drop them too (a background read that started before is then
 * discarded). Changes that send no message (attributes deleted through the API, a save by another
 * workers process on an entity whose partition this one owns) show within `ttlMs`: no value is
 * served whose read started longer ago. `ttlMs` 0 turns the cache off.
 */
export function createAttributeCache(ttlMs: number, gatherer = createRefreshGatherer()): AttributeCache {
  const entities = new Map<string, Entity>();
  const keyOf = (tenantId: string, entityId: string) => `${tenantId}/${entityId}`;

  /** Reads `part` of the queued entities again, each into its cache unless it changed meanwhile. */
  async function refresh(tenantId: string, part: string, loadMany: ReadMany<unknown>, queued: Map<string, Queued>) {
    const readAt = Date.now();
    let results: Map<string, unknown> | undefined;
    try {
      results = await loadMany([...queued.keys()]);
    } catch {
      // The cached values stand until their time is up; a read of them then goes to the database itself.
    }
    for (const [id, { entity, cached }] of queued) {
      cached.refreshing = false;
      // Only over the read it was asked to replace: a change since (forget) dropped the entity's reads, and this
      // result may predate it.
      if (!results || entities.get(keyOf(tenantId, id)) !== entity || entity.get(part) !== cached) continue;
      entity.set(part, { readAt, value: Promise.resolve(results.get(id)), refreshing: false });
    }
  }

  return {
    read<T>(tenantId: string, entityId: string, part: string, load: () => Promise<T>, loadMany?: ReadMany<T>) {
      if (ttlMs <= 0) return load();
      const key = keyOf(tenantId, entityId);
      const now = Date.now();
      let entity = entities.get(key);
      if (!entity) {
        if (entities.size >= MAX_ENTITIES) entities.clear();
        entity = new Map();
        entities.set(key, entity);
      }
      const hit = entity.get(part);
      if (hit && now - hit.readAt < ttlMs) {
        if (loadMany && !hit.refreshing && now - hit.readAt >= ttlMs * REFRESH_AFTER) {
          hit.refreshing = true;
          gatherer.add(`${tenantId}\n${part}`, entityId, { entity, cached: hit }, (queued) =>
            refresh(tenantId, part, loadMany as ReadMany<unknown>, queued),
          );
        }
        return hit.value as Promise<T>;
      }
      const loading = load();
      entity.set(part, { readAt: now, value: loading, refreshing: false });
      // A failed read is not remembered: the next message asks again.
      const reads = entity;
      loading.catch(() => reads.get(part)?.value === loading && reads.delete(part));
      return loading;
    },
    forget(tenantId, entityId) {
      entities.delete(keyOf(tenantId, entityId));
    },
  };
}
