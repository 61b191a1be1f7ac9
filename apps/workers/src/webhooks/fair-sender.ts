/** A delivery waiting for its first attempt, with what sending it needs. */
export interface QueuedDelivery {
  tenantId: string;
  webhookId: string;
  deliveryId: string;
  eventType: string;
  body: string;
  url: string;
  secret: string;
  /**
   * Sent ahead of every webhook's queued non-urgent deliveries (alarm, device and RPC events): a
   * backlog of telemetry must not hold up the alarm an integrator waits for.
   */
  urgent?: boolean;
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
 * everyone else's deliveries keep flowing. Urgent deliveries wait in one queue of their own that
 * each free slot looks at first (within the same per-webhook bound), in the order they came.
 */
export class FairSender {
  private readonly queues = new Map<string, QueuedDelivery[]>();
  /** Webhooks with something queued, in turn order. */
  private readonly turn: string[] = [];
  private readonly inFlightOf = new Map<string, number>();
  private urgent: QueuedDelivery[] = [];
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
      if (delivery.urgent) {
        this.urgent.push(delivery);
        this.queued++;
        continue;
      }
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
    const urgentKept = webhookId === undefined ? [] : this.urgent.filter((d) => d.webhookId !== webhookId);
    taken.push(...this.urgent.filter((d) => webhookId === undefined || d.webhookId === webhookId));
    this.queued -= this.urgent.length - urgentKept.length;
    this.urgent = urgentKept;
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
    this.pumpUrgent();
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
      this.start(delivery, busy);
    }
  }

  /** Urgent deliveries whose webhook has a slot free, oldest first; the others keep their place. */
  private pumpUrgent() {
    if (this.urgent.length === 0) return;
    const kept: QueuedDelivery[] = [];
    for (const delivery of this.urgent) {
      const busy = this.inFlightOf.get(delivery.webhookId) ?? 0;
      if (this.inFlight >= this.options.concurrency || busy >= this.options.perWebhook) kept.push(delivery);
      else {
        this.queued--;
        this.start(delivery, busy);
      }
    }
    this.urgent = kept;
  }

  private start(delivery: QueuedDelivery, busy: number) {
    const webhookId = delivery.webhookId;
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
