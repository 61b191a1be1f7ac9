/** Addresses remembered at most; past it, counts whose minute is over are dropped, then the oldest. */
const MAX_ADDRESSES = 100_000;
const WINDOW_MS = 60_000;

/**
 * Failed authentications per address in this process, per minute: the failed-login limit while
 * Redis (where the limit is shared by every ingest node) is unavailable.
 */
export class LocalFailureCounter {
  private readonly counts = new Map<string, { count: number; until: number }>();

  count(address: string, now = Date.now()): number {
    const entry = this.counts.get(address);
    return entry && entry.until > now ? entry.count : 0;
  }

  add(address: string, now = Date.now()) {
    const entry = this.counts.get(address);
    if (entry && entry.until > now) {
      entry.count++;
      return;
    }
    if (this.counts.size >= MAX_ADDRESSES) this.evict(now);
    this.counts.delete(address); // re-inserted last: Map order is then oldest first
    this.counts.set(address, { count: 1, until: now + WINDOW_MS });
  }

  private evict(now: number) {
    for (const [address, entry] of this.counts) if (entry.until <= now) this.counts.delete(address);
    for (const address of this.counts.keys()) {
      if (this.counts.size < MAX_ADDRESSES) break;
      this.counts.delete(address);
    }
  }
}
