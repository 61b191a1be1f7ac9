/**
 * Sends a subscription's pending updates at most once per `minIntervalMs`. The first update
 * after a quiet period goes out at once (lowest latency); later ones wait for the next slot and
 * are merged meanwhile. While the socket's send buffer is full the flush waits another interval
 * instead of queueing more bytes, so a slow client costs memory bounded by the pending buffer
 * and never delays anyone else.
 */
export class FlushScheduler {
  private lastFlushAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly minIntervalMs: number,
    private readonly isWritable: () => boolean,
    private readonly flush: () => void,
  ) {}

  /** There is something to send. */
  request(): void {
    if (this.timer || this.stopped) return;
    const wait = this.lastFlushAt + this.minIntervalMs - Date.now();
    if (wait <= 0 && this.isWritable()) this.run();
    else this.timer = setTimeout(this.tick, Math.max(wait, 1));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readonly tick = () => {
    this.timer = undefined;
    if (this.stopped) return;
    if (!this.isWritable()) {
      this.timer = setTimeout(this.tick, this.minIntervalMs);
      return;
    }
    this.run();
  };

  private run(): void {
    this.lastFlushAt = Date.now();
    this.flush();
  }
}
