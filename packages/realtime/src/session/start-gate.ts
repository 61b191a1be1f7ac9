/**
 * Bounds how many subscriptions of one web node read their snapshot from the database at once.
 * A burst of dashboards opening together then waits here, in order, instead of piling onto the
 * connection pool, where waiting too long would fail the subscriptions outright.
 */
export class StartGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly concurrency: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
