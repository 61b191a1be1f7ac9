import { setTimeout as sleep } from "node:timers/promises";
import { partitionOf, type DeviceUplink } from "@industryos/device-protocol";
import type { Logger } from "@industryos/runtime";
import { Fifo } from "./fifo.ts";
import type { UplinkStore } from "./ports.ts";

/** The database did not commit the message within the write timeout: it must not be acknowledged. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`database unavailable: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = "StoreUnavailableError";
  }
}

/** Too many messages already wait for the database; the caller should push back (HTTP 503, CoAP 5.03). */
export class OverloadedError extends Error {
  constructor(limit: number) {
    super(`ingest is overloaded: ${limit} messages are waiting for the database`);
    this.name = "OverloadedError";
  }
}

export interface PersistQueueOptions {
  store: UplinkStore;
  /** Rows (data points or attributes) per database write. */
  batchSize: number;
  /** How long the first message of a batch waits for others to join it. */
  lingerMs: number;
  /** Messages accepted but not yet committed; past this, `submit` waits or refuses. */
  maxPending: number;
  /** A batch retries a failing database for this long, then its messages are refused. */
  writeTimeoutMs: number;
  /** Batches written at the same time (one database connection each). */
  concurrency?: number;
  /** Runs after the commit and before the acknowledgements (rule-engine stream, live updates). */
  afterCommit?: (uplinks: DeviceUplink[]) => Promise<void>;
  /** Errors that retrying cannot fix (the batch itself is invalid): refused at once. */
  isPermanent?: (error: unknown) => boolean;
  /** Told of every batch once it is committed or refused (metrics); `seconds` includes retries. */
  onBatch?: (batch: { messages: number; rows: number; seconds: number; committed: boolean }) => void;
  logger: Logger;
}

/** A slot reserved in the queue by `acquire`. */
export interface QueueTicket {
  used: boolean;
}

interface Entry {
  uplink: DeviceUplink;
  rows: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

function rowsOf(uplink: DeviceUplink): number {
  return uplink.type === "TELEMETRY" ? uplink.points.length : uplink.attributes.length;
}

interface Lane {
  queue: Fifo<Entry>;
  queuedRows: number;
  writing: boolean;
  notifying: Promise<void>;
  lingerTimer: NodeJS.Timeout | null;
}

/**
 * Groups uplinks from every connection into batches written in one round trip, and resolves
 * each `submit` only once its batch is committed: transports acknowledge on that resolution
 * (persist before ack). The number of uncommitted messages is bounded: when the database is
 * slow or down, `submit` stops resolving, transports stop acknowledging and stop reading their
 * sockets, and nothing grows without bound. When the database answers again, batches commit
 * and acknowledgements resume; a batch that cannot be committed within the write timeout is
 * rejected, never acknowledged.
 *
 * Batches are written by `concurrency` lanes, each device always in the same lane: concurrent
 * batches then never touch the same latest-value rows (no lock waits or deadlocks between
 * them), and one device's messages are committed in order.
 */
export class PersistQueue {
  private readonly lanes: Lane[];
  private queuedMessages = 0;
  private inFlightMessages = 0;
  /** Submits waiting for a slot, woken in order with the slot reserved. */
  private readonly capacityWaiters = new Fifo<() => void>();
  /** Told whenever slots free up that no waiter took (MQTT resumes reading its sockets). */
  private readonly roomListeners: (() => void)[] = [];
  private reserved = 0;
  private failingSince: number | null = null;
  private closed = false;

  constructor(private readonly options: PersistQueueOptions) {
    const concurrency = options.concurrency ?? 2;
    this.lanes = Array.from({ length: concurrency }, () => ({
      queue: new Fifo<Entry>(),
      queuedRows: 0,
      writing: false,
      notifying: Promise.resolve(),
      lingerTimer: null,
    }));
  }

  /** Messages accepted and not yet committed or refused. */
  get pending(): number {
    return this.queuedMessages + this.inFlightMessages + this.reserved;
  }

  /** Messages waiting for a slot: read from their sockets and held in memory, not yet in the queue. */
  get waiting(): number {
    return this.capacityWaiters.length;
  }

  /** True while a new message would be taken at once, without waiting for a slot. */
  get hasRoom(): boolean {
    return this.pending < this.options.maxPending && this.capacityWaiters.length === 0;
  }

  /**
   * Runs `listener` each time slots free up and nothing already waits for them: the MQTT tier
   * stops reading its sockets while the queue is full and resumes them from here, so what waits
   * for the database is bytes in the kernel, never decoded packets.
   */
  onRoom(listener: () => void): void {
    this.roomListeners.push(listener);
  }

  /** False while the database refuses writes (for /healthz and logs). */
  get writing(): boolean {
    return this.failingSince === null;
  }

  /**
   * Resolves when the uplink is committed. When the queue is full it either waits for room
   * (MQTT: the connection's reading is paused meanwhile) or refuses at once (`wait: false`).
   * Not an async function: this runs for every message, and one promise is all it needs.
   */
  submit(uplink: DeviceUplink, opts: { wait?: boolean; ticket?: QueueTicket } = {}): Promise<void> {
    if (this.closed) return Promise.reject(new StoreUnavailableError(new Error("ingest is shutting down")));
    if (opts.ticket && !opts.ticket.used) {
      // The slot was reserved before the message was decoded: use it.
      opts.ticket.used = true;
      this.reserved--;
    } else if (this.pending >= this.options.maxPending) {
      if (opts.wait === false) return Promise.reject(new OverloadedError(this.options.maxPending));
      // releaseCapacity reserves our slot before waking us, so the bound holds exactly.
      return new Promise<void>((resolve) => this.capacityWaiters.push(resolve)).then(() => {
        this.reserved--;
        return this.enqueue(uplink);
      });
    }
    return this.enqueue(uplink);
  }

  private enqueue(uplink: DeviceUplink): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const rows = rowsOf(uplink);
      const lane = this.lanes[this.lanes.length === 1 ? 0 : partitionOf(uplink.deviceId, this.lanes.length)]!;
      lane.queue.push({ uplink, rows, resolve, reject });
      lane.queuedRows += rows;
      this.queuedMessages++;
      this.schedule(lane);
    });
  }

  /**
   * Reserves one slot before a message is decoded (MQTT), so what waits for the database is a
   * raw packet, never a crowd of decoded ones: a ticket at once, or null when the queue is
   * full (then wait with `acquire`). Pass the ticket to `submit`, and always `release` it when
   * done (a no-op once submit used it).
   */
  tryAcquire(): QueueTicket | null {
    if (this.pending >= this.options.maxPending) return null;
    this.reserved++;
    return { used: false };
  }

  /** A slot, waiting while the queue is full (see tryAcquire). */
  async acquire(): Promise<QueueTicket> {
    const ticket = this.tryAcquire();
    if (ticket) return ticket;
    // releaseCapacity reserves the slot before waking us.
    await new Promise<void>((resolve) => this.capacityWaiters.push(resolve));
    return { used: false };
  }

  release(ticket: QueueTicket) {
    if (ticket.used) return;
    ticket.used = true;
    this.reserved--;
    this.releaseCapacity();
  }

  private schedule(lane: Lane) {
    if (lane.queuedRows >= this.options.batchSize || this.options.lingerMs === 0) {
      this.flush(lane);
    } else if (!lane.lingerTimer) {
      lane.lingerTimer = setTimeout(() => {
        lane.lingerTimer = null;
        this.flush(lane);
      }, this.options.lingerMs);
    }
  }

  private flush(lane: Lane) {
    if (lane.lingerTimer) {
      clearTimeout(lane.lingerTimer);
      lane.lingerTimer = null;
    }
    if (lane.writing || lane.queue.length === 0) return;
    const batch: Entry[] = [];
    let rows = 0;
    while (lane.queue.length > 0 && (batch.length === 0 || rows + lane.queue.peek()!.rows <= this.options.batchSize)) {
      const entry = lane.queue.shift()!;
      rows += entry.rows;
      batch.push(entry);
    }
    lane.queuedRows -= rows;
    this.queuedMessages -= batch.length;
    this.inFlightMessages += batch.length;
    lane.writing = true;
    const started = performance.now();
    void this.writeWithRetry(batch).then((committed) => {
      lane.writing = false;
      const seconds = (performance.now() - started) / 1000;
      if (committed)
        this.options.logger.debug(
          { messages: batch.length, writeMs: Math.round(seconds * 1000), pending: this.pending },
          "batch committed",
        );
      this.options.onBatch?.({ messages: batch.length, rows, seconds, committed });
      // Whatever queued up meanwhile goes out at once (it has already waited one write),
      // while this batch's notifications and acknowledgements go out.
      if (lane.queue.length > 0) this.flush(lane);
      const settle = () => {
        this.inFlightMessages -= batch.length;
        this.releaseCapacity();
      };
      if (!committed) return settle();
      // Chained per lane, so one device's messages reach the rule-engine stream in commit order.
      lane.notifying = lane.notifying.then(() => this.notifyAndAck(batch)).then(settle);
    });
  }

  private releaseCapacity() {
    while (this.capacityWaiters.length > 0 && this.pending < this.options.maxPending) {
      this.reserved++;
      this.capacityWaiters.shift()!();
    }
    if (this.hasRoom) for (const listener of this.roomListeners) listener();
  }

  /** Resolves true once committed; false when the batch was refused (its entries rejected). */
  private async writeWithRetry(batch: Entry[]): Promise<boolean> {
    const uplinks = batch.map((e) => e.uplink);
    const started = Date.now();
    let backoff = 50;
    for (;;) {
      try {
        await this.options.store.write(uplinks);
        break;
      } catch (error) {
        if (this.options.isPermanent?.(error)) {
          this.options.logger.error({ err: error }, "batch refused by the store; its messages are not acknowledged");
          const refusal = new StoreUnavailableError(error);
          for (const entry of batch) entry.reject(refusal);
          return false;
        }
        if (this.failingSince === null) {
          this.failingSince = Date.now();
          this.options.logger.error(
            { err: error, pending: this.pending },
            "database write failed; holding acknowledgements and retrying",
          );
        }
        if (this.closed || Date.now() - started + backoff > this.options.writeTimeoutMs) {
          const refusal = new StoreUnavailableError(error);
          for (const entry of batch) entry.reject(refusal);
          return false;
        }
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 2000);
      }
    }
    if (this.failingSince !== null) {
      this.options.logger.warn({ downMs: Date.now() - this.failingSince }, "database writes resumed");
      this.failingSince = null;
    }
    return true;
  }

  private async notifyAndAck(batch: Entry[]) {
    const uplinks = batch.map((e) => e.uplink);
    if (this.options.afterCommit) {
      try {
        const started = performance.now();
        await this.options.afterCommit(uplinks);
        this.options.logger.debug(
          { messages: batch.length, notifyMs: Math.round(performance.now() - started) },
          "batch published",
        );
      } catch (error) {
        // The data is committed; a failed notification must not turn into a device retry (duplicate rows).
        this.options.logger.error({ err: error }, "post-commit publish failed");
      }
    }
    for (const entry of batch) entry.resolve();
  }

  /** Writes what is queued and refuses new messages; resolves when nothing is in flight. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.pending > 0) {
      this.lanes.forEach((lane) => this.flush(lane));
      await sleep(10);
    }
  }
}
