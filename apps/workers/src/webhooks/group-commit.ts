/**
 * Batches concurrent calls into one `flush` (group commit): the first call flushes at once (on the
 * next tick), and whatever arrives while a flush runs goes into the next one, up to `maxBatch`
 * items. So an idle system writes each item without waiting, and a busy one writes thousands per
 * statement. Each caller gets the flush's outcome for its own items.
 */
export function groupCommit<T, R>(flush: (items: T[]) => Promise<R>, maxBatch: number) {
  type Waiter = { items: T[]; resolve: (result: R) => void; reject: (error: unknown) => void };
  let waiting: Waiter[] = [];
  let size = 0;
  let running = false;
  let flushed: (() => void)[] = [];

  async function drain() {
    running = true;
    while (waiting.length > 0) {
      const batch: Waiter[] = [];
      let count = 0;
      while (waiting.length > 0 && (count === 0 || count + waiting[0]!.items.length <= maxBatch)) {
        const next = waiting.shift()!;
        batch.push(next);
        count += next.items.length;
      }
      size -= count;
      try {
        const result = await flush(batch.flatMap((w) => w.items));
        for (const w of batch) w.resolve(result);
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
      const waiters = flushed;
      flushed = [];
      for (const wake of waiters) wake();
    }
    running = false;
  }

  return {
    /** Resolves with the outcome of the flush that wrote `items`. */
    add(items: T[]): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        waiting.push({ items, resolve, reject });
        size += items.length;
        if (!running) setImmediate(() => void (running ? undefined : drain()));
      });
    },
    /** Items waiting for a flush. */
    get pending() {
      return size;
    },
    /** Resolves once fewer than `limit` items wait (backpressure for whoever adds). */
    async below(limit: number) {
      while (size >= limit) await new Promise<void>((resolve) => flushed.push(resolve));
    },
    /** Resolves once nothing waits and no flush runs. */
    async idle() {
      while (running || waiting.length > 0) await new Promise((r) => setTimeout(r, 5));
    },
    clear() {
      waiting = [];
      size = 0;
      const waiters = flushed;
      flushed = [];
      for (const wake of waiters) wake();
    },
  };
}
