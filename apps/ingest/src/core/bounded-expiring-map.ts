/**
 * A map whose entries expire, holding at most `max` of them: when full, expired entries are
 * dropped first, then the oldest. For per-process memory fed by devices (addresses,
 * credentials), which must stay bounded whatever they send.
 */
export class BoundedExpiringMap<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(private readonly max: number) {}

  get(key: string, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    return entry && entry.until > now ? entry.value : undefined;
  }

  set(key: string, value: V, ttlMs: number, now = Date.now()) {
    if (!this.entries.has(key) && this.entries.size >= this.max) this.evict(now);
    this.entries.delete(key); // re-inserted last: Map order is then oldest first
    this.entries.set(key, { value, until: now + ttlMs });
  }

  delete(key: string) {
    this.entries.delete(key);
  }

  clear() {
    this.entries.clear();
  }

  private evict(now: number) {
    for (const [key, entry] of this.entries) if (entry.until <= now) this.entries.delete(key);
    for (const key of this.entries.keys()) {
      if (this.entries.size < this.max) break;
      this.entries.delete(key);
    }
  }
}
