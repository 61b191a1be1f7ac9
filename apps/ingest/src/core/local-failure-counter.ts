import { BoundedExpiringMap } from "./bounded-expiring-map.ts";

const WINDOW_MS = 60_000;

/**
 * Failed authentications per address in this process, per minute from the first: the
 * failed-login limit while Redis (where the limit is shared by every ingest node) is unavailable.
 */
export class LocalFailureCounter {
  private readonly counts = new BoundedExpiringMap<{ count: number }>(100_000);

  count(address: string, now = Date.now()): number {
    return this.counts.get(address, now)?.count ?? 0;
  }

  add(address: string, now = Date.now()) {
    const current = this.counts.get(address, now);
    if (current) current.count++;
    else this.counts.set(address, { count: 1 }, WINDOW_MS, now);
  }
}
