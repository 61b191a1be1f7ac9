import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from "@temporalio/client";
import type { Logger, RedisClient } from "@industryos/runtime";
import type { LazyTemporalClient } from "@industryos/temporal-client";

/** A workflow to start (REJECT_DUPLICATE: an id that ran before is never run again) or a signal to send. */
export type TemporalCommand =
  | { op: "start"; workflowType: string; workflowId: string; args: unknown[] }
  | { op: "signal"; workflowId: string; signal: string };

/** Commands not yet done, scored by when to try them next (a sorted set in Redis). */
export const TEMPORAL_OUTBOX_KEY = "notifications:temporal-outbox";
const LEASE_KEY = "notifications:temporal-outbox:lease";
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export interface TemporalOutboxOptions {
  /** How long a command waits before the sweep first retries it (the inline attempt may still be under way). */
  retryAfterMs?: number;
  /** Inline attempts are skipped this long after one failed: Temporal is likely down, the sweep catches up. */
  pauseAfterFailureMs?: number;
  /** An inline attempt taking longer is left to the sweep. */
  attemptTimeoutMs?: number;
  /** A command failing this long is dropped (logged). */
  giveUpAfterMs?: number;
  /** The longest wait between two retries of a command (the wait doubles from retryAfterMs up to this). */
  maxRetryDelayMs?: number;
}

interface Queued {
  command: TemporalCommand;
  since: number;
  attempts: number;
}

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    sleep(ms, undefined, { ref: false }).then(() => {
      throw new Error(`no answer from Temporal in ${ms} ms`);
    }),
  ]);

/**
 * How the rule engine starts and signals notification workflows without waiting on Temporal: a command is first
 * written to Redis (the same store the rule-engine streams live in), then tried at once; one that fails (Temporal
 * down or still starting) stays there and a sweep retries it with backoff. So a Temporal outage neither holds up a
 * partition nor loses a notification, and an event's database rows are written once whatever Temporal does.
 * Starts use REJECT_DUPLICATE and signals to finished workflows are dropped: every command is safe to repeat.
 */
export class TemporalOutbox {
  private pausedUntil = 0;
  private readonly retryAfterMs: number;
  private readonly pauseAfterFailureMs: number;
  private readonly attemptTimeoutMs: number;
  private readonly giveUpAfterMs: number;
  private readonly maxRetryDelayMs: number;

  constructor(
    private readonly redis: RedisClient,
    private readonly temporal: LazyTemporalClient,
    private readonly logger: Logger,
    options: TemporalOutboxOptions = {},
  ) {
    this.retryAfterMs = options.retryAfterMs ?? 15_000;
    this.pauseAfterFailureMs = options.pauseAfterFailureMs ?? 10_000;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 5_000;
    this.giveUpAfterMs = options.giveUpAfterMs ?? 24 * 3_600_000;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 15 * 60_000;
  }

  /** Queues the commands durably, then tries each once unless Temporal failed moments ago. */
  async send(commands: readonly TemporalCommand[]): Promise<void> {
    if (commands.length === 0) return;
    const now = Date.now();
    const members = commands.map((command) => JSON.stringify({ command, since: now, attempts: 0 } satisfies Queued));
    await this.redis.zadd(TEMPORAL_OUTBOX_KEY, ...members.flatMap((m) => [now + this.retryAfterMs, m]));
    if (Date.now() < this.pausedUntil) return;
    for (const [i, command] of commands.entries()) {
      try {
        await withTimeout(this.execute(command), this.attemptTimeoutMs);
        await this.redis.zrem(TEMPORAL_OUTBOX_KEY, members[i]!);
      } catch (error) {
        this.pausedUntil = Date.now() + this.pauseAfterFailureMs;
        this.logger.warn({ err: error, workflowId: command.workflowId }, "Temporal command queued for a retry");
        return;
      }
    }
  }

  /** Retries due commands (at most `limit`); returns how many were done. One process sweeps at a time (a lease). */
  async sweep(limit = 100): Promise<number> {
    const token = randomUUID();
    const leased = await this.redis.set(LEASE_KEY, token, "PX", 30_000, "NX");
    if (leased !== "OK") return 0;
    try {
      const due = await this.redis.zrangebyscore(TEMPORAL_OUTBOX_KEY, "-inf", Date.now(), "LIMIT", 0, limit);
      let done = 0;
      for (const member of due) {
        const queued = JSON.parse(member) as Queued;
        try {
          await withTimeout(this.execute(queued.command), this.attemptTimeoutMs);
          await this.redis.zrem(TEMPORAL_OUTBOX_KEY, member);
          done++;
        } catch (error) {
          await this.retryLater(member, queued, error);
          // Temporal is likely away: the rest waits for the next sweep.
          break;
        }
      }
      return done;
    } finally {
      // Only our own lease: one that expired meanwhile may be another process's by now.
      await this.redis.eval(RELEASE, 1, LEASE_KEY, token);
    }
  }

  /** Commands not done yet. */
  pending(): Promise<number> {
    return this.redis.zcard(TEMPORAL_OUTBOX_KEY);
  }

  private async retryLater(member: string, queued: Queued, error: unknown) {
    if (Date.now() - queued.since > this.giveUpAfterMs) {
      await this.redis.zrem(TEMPORAL_OUTBOX_KEY, member);
      this.logger.error(
        { err: error, command: queued.command, attempts: queued.attempts },
        "Temporal command dropped after failing for a day",
      );
      return;
    }
    const attempts = queued.attempts + 1;
    const backoff = Math.min(this.retryAfterMs * 2 ** Math.min(attempts, 10), this.maxRetryDelayMs);
    // One transaction: a crash (or a reader) between the two must never find the command gone.
    await this.redis
      .multi()
      .zrem(TEMPORAL_OUTBOX_KEY, member)
      .zadd(TEMPORAL_OUTBOX_KEY, Date.now() + backoff, JSON.stringify({ ...queued, attempts }))
      .exec();
  }

  private async execute(command: TemporalCommand): Promise<void> {
    const client = await this.temporal.get();
    if (command.op === "start") {
      try {
        await client.workflow.start(command.workflowType, {
          taskQueue: this.temporal.taskQueue,
          workflowId: command.workflowId,
          args: command.args,
          workflowIdReusePolicy: "REJECT_DUPLICATE",
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
      return;
    }
    try {
      await client.workflow.getHandle(command.workflowId).signal(command.signal);
    } catch (error) {
      // A workflow that already ended needs no signal.
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
}

/** Runs the outbox's sweep every `intervalMs` until stopped. */
export function startTemporalOutboxSweep(outbox: TemporalOutbox, intervalMs: number, logger: Logger): { stop(): void } {
  const timer = setInterval(() => {
    outbox.sweep().catch((error: unknown) => logger.warn({ err: error }, "Temporal outbox sweep failed"));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
