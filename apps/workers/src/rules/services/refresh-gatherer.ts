/** A cached read older than this share of its time is still served, and read again in the background. */
export const REFRESH_AFTER = 0.75;
/** Background reads wait this long to be gathered into one statement per group. */
const GATHER_MS = 50;
/** Ids per background statement. */
const CHUNK = 500;

/**
 * Gathers the background reads of the rule engine's caches (attributes, devices) so that many
 * ids of one group (a tenant, and what is read of them) are read again in one statement: a
 * cache read again entity by entity costs a transaction per entity per cache time (200/s for
 * 1,000 devices at 5 s), a tenth of the rule engine's CPU (bench/rules/README.md).
 */
export function createRefreshGatherer() {
  const waiting = new Map<
    string,
    { items: Map<string, unknown>; run: (items: Map<string, unknown>) => Promise<void> }
  >();
  let timer: ReturnType<typeof setTimeout> | null = null;

  function flush() {
    timer = null;
    const groups = [...waiting.values()];
    waiting.clear();
    for (const { items, run } of groups) {
      const all = [...items];
      for (let i = 0; i < all.length; i += CHUNK) void run(new Map(all.slice(i, i + CHUNK))).catch(() => undefined);
    }
  }

  return {
    /**
     * Queues `id` of `group` with what its read needs (`payload`); within GATHER_MS, `run` gets
     * every id queued for the group since, up to CHUNK at a time. `run` handles its own failures.
     */
    add<P>(group: string, id: string, payload: P, run: (items: Map<string, P>) => Promise<void>) {
      let queued = waiting.get(group);
      if (!queued) {
        queued = { items: new Map(), run: run as (items: Map<string, unknown>) => Promise<void> };
        waiting.set(group, queued);
      }
      queued.items.set(id, payload);
      if (!timer) {
        timer = setTimeout(flush, GATHER_MS);
        timer.unref();
      }
    },
  };
}

export type RefreshGatherer = ReturnType<typeof createRefreshGatherer>;
