/**
 * OTA package bytes recently served, at most `maxBytes` of them, least recently used dropped
 * first. Thousands of devices downloading the same image ask for the same chunks; only the first
 * asks the database. Concurrent misses of one chunk share one read.
 */
export class FirmwareChunkCache {
  private readonly entries = new Map<string, Buffer>();
  private readonly reading = new Map<string, Promise<Buffer>>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get size() {
    return this.bytes;
  }

  async get(key: string, read: () => Promise<Buffer>): Promise<Buffer> {
    const hit = this.entries.get(key);
    if (hit) {
      // Map order is insertion order: re-inserted, it is now the most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const pending = this.reading.get(key);
    if (pending) return pending;
    const promise = read().finally(() => this.reading.delete(key));
    this.reading.set(key, promise);
    const value = await promise;
    this.put(key, value);
    return value;
  }

  private put(key: string, value: Buffer) {
    // A piece larger than a quarter of the cache would only evict everything else.
    if (value.length > this.maxBytes / 4 || this.entries.has(key)) return;
    this.entries.set(key, value);
    this.bytes += value.length;
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldKey);
      this.bytes -= old.length;
    }
  }
}
