/** A delivery waiting for its first attempt, with what sending it needs. */
export interface QueuedDelivery {
  tenantId: string;
  webhookId: string;
  deliveryId: string;
  eventType: string;
  body: string;
  url: string;
  secret: string;
}

export interface FairSenderOptions {
  /** Attempts in flight at once, over all webhooks. */
  concurrency: number;
  /** Attempts in flight at once to one webhook, so one slow receiver cannot hold every slot. */
  perWebhook: number;
}

/**
 * First attempts, fairly: each webhook has its own queue, and free slots go round the webhooks
 * with something queued, one delivery each in turn, up to `perWebhook` in flight per webhook and
 * `concurrency` in all. A receiver that takes its full 10 s holds at most `perWebhook` slots;
 * everyone else's deliveries keep flowing.
 */
export class FairSender {
  private readonly queues = new Map<string, QueuedDelivery[]>();
  /** Webhooks with something queued, in turn order. */
  private readonly turn: string[] = [];
  private readonly inFlightOf = new Map<string, number>();
  private inFlight = 0;
  private queued = 0;
  private spaceWaiters: (() => void)[] = [];

  constructor(
    private readonly options: FairSenderOptions,
    private readonly send: (delivery: QueuedDelivery) => Promise<void>,
  ) {}

  /** Queued and in flight. */
  get size() {
    return this.queued + this.inFlight;
  }

  enqueue(deliveries: readonly QueuedDelivery[]) {
    for (const delivery of deliveries) {
      let queue = this.queues.get(delivery.webhookId);
      if (!queue) {
        queue = [];
        this.queues.set(delivery.webhookId, queue);
        this.turn.push(delivery.webhookId);
      }
      queue.push(delivery);
      this.queued++;
    }
    this.pump();
  }

  /** Resolves when the sender holds fewer than `limit` deliveries (backpressure for whoever enqueues). */
  async waitForSpace(limit: number): Promise<void> {
    while (this.size >= limit) await new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
  }

  /** Takes every queued delivery out (nothing in flight is affected): on stop, or to drop a webhook's. */
  drain(webhookId?: string): QueuedDelivery[] {
    const taken: QueuedDelivery[] = [];
    for (const [id, queue] of this.queues) {
      if (webhookId !== undefined && id !== webhookId) continue;
      taken.push(...queue);
      this.queued -= queue.length;
      this.queues.delete(id);
    }
    for (let i = this.turn.length - 1; i >= 0; i--) if (!this.queues.has(this.turn[i]!)) this.turn.splice(i, 1);
    this.wakeWaiters();
    return taken;
  }

  private wakeWaiters() {
    const waiters = this.spaceWaiters;
    this.spaceWaiters = [];
    for (const wake of waiters) wake();
  }

  private pump() {
    let idleRounds = 0;
    while (this.inFlight < this.options.concurrency && this.turn.length > 0 && idleRounds < this.turn.length) {
      const webhookId = this.turn.shift()!;
      const queue = this.queues.get(webhookId)!;
      const busy = this.inFlightOf.get(webhookId) ?? 0;
      if (busy >= this.options.perWebhook) {
        this.turn.push(webhookId);
        idleRounds++;
        continue;
      }
      idleRounds = 0;
      const delivery = queue.shift()!;
      this.queued--;
      if (queue.length > 0) this.turn.push(webhookId);
      else this.queues.delete(webhookId);
      this.inFlight++;
      this.inFlightOf.set(webhookId, busy + 1);
      void this.send(delivery).finally(() => {
        this.inFlight--;
        const left = (this.inFlightOf.get(webhookId) ?? 1) - 1;
        if (left > 0) this.inFlightOf.set(webhookId, left);
        else this.inFlightOf.delete(webhookId);
        this.wakeWaiters();
        this.pump();
      });
    }
  }
}
