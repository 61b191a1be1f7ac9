import type { Logger, RedisClient } from "@industryos/runtime";
import { RULE_ENGINE_PARTITIONS } from "@industryos/device-protocol";
import type { RuleEngineSettings } from "./settings.ts";

/** Who consumes partition `p` right now: a consumer name, set NX with a time to live. */
export function partitionLeaseKey(partition: number): string {
  return `rule-engine:lease:${partition}`;
}

/** Live rule-engine consumers: name → expiry (epoch ms), refreshed with the leases. */
export const RULE_ENGINE_CONSUMERS_KEY = "rule-engine:consumers";

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface LeaseCallbacks {
  /** The process now owns `partition`: start consuming it. */
  acquired(partition: number): void;
  /** Stop consuming `partition` (finish the entry in hand); the lease is released once this resolves. */
  release(partition: number): Promise<void>;
}

/** FNV-1a, to spread where each process starts looking for free partitions. */
function spread(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * Partition ownership without configuration: every process announces itself in a sorted set
 * (`RULE_ENGINE_CONSUMERS_KEY`, expiring members), takes its fair share of the partitions,
 * ceil(partitions / live processes), as leases (SET NX PX), renews them every third of
 * `leaseMs`, and gives back what it holds beyond its share when more processes join, after the
 * lane finished its entry in hand. A dead process's leases expire after `leaseMs` and the others
 * take them. At most `RULE_ENGINE_PARTITIONS` processes consume at once; more stand by.
 */
export class PartitionLeases {
  private readonly owned = new Set<number>();
  private readonly releasing = new Set<number>();
  private lastRenewal = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly settings: RuleEngineSettings,
    private readonly callbacks: LeaseCallbacks,
    private readonly logger: Logger,
    private readonly partitions = RULE_ENGINE_PARTITIONS,
  ) {}

  /** Partitions this process owns (including ones being given back). */
  get partitionsOwned(): number[] {
    return [...this.owned].sort((a, b) => a - b);
  }

  start() {
    const interval = Math.max(Math.floor(this.settings.leaseMs / 3), 20);
    const schedule = () => {
      this.ticking = this.tick().catch((error: unknown) =>
        this.logger.warn({ err: error }, "partition leases: tick failed"),
      );
      void this.ticking.then(() => {
        if (!this.stopped) this.timer = setTimeout(schedule, interval);
      });
    };
    schedule();
  }

  /** Stops every lane (each finishes its entry in hand), then releases the leases and leaves. */
  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    await Promise.all([...this.owned].map((p) => this.giveBack(p)));
    await this.redis.zrem(RULE_ENGINE_CONSUMERS_KEY, this.settings.consumerName).catch(() => undefined);
  }

  private async giveBack(partition: number) {
    if (this.releasing.has(partition)) return;
    this.releasing.add(partition);
    try {
      await this.callbacks.release(partition);
      await this.redis
        .eval(RELEASE, 1, partitionLeaseKey(partition), this.settings.consumerName)
        .catch((error: unknown) => this.logger.warn({ err: error, partition }, "lease not released; it expires"));
    } finally {
      this.owned.delete(partition);
      this.releasing.delete(partition);
      this.lastRenewal.delete(partition);
    }
  }

  private async tick() {
    const { consumerName, leaseMs } = this.settings;
    const now = Date.now();
    const results = await this.redis
      .multi()
      .zadd(RULE_ENGINE_CONSUMERS_KEY, now + leaseMs, consumerName)
      .zremrangebyscore(RULE_ENGINE_CONSUMERS_KEY, "-inf", now)
      .zcard(RULE_ENGINE_CONSUMERS_KEY)
      .pexpire(RULE_ENGINE_CONSUMERS_KEY, leaseMs * 10)
      .exec();
    const processes = Math.max(1, Number(results?.[2]?.[1]) || 1);

    // Renew what we hold; a lease someone else has now (we were presumed dead) is given up at once.
    for (const partition of this.owned) {
      try {
        const renewed = await this.redis.eval(RENEW, 1, partitionLeaseKey(partition), consumerName, leaseMs);
        if (renewed === 1) this.lastRenewal.set(partition, Date.now());
        else {
          this.logger.warn({ partition }, "partition lease lost; stopping its lane");
          void this.giveBack(partition);
        }
      } catch (error) {
        // Redis unreachable: keep going while the lease is surely still ours.
        if (Date.now() - (this.lastRenewal.get(partition) ?? 0) > (leaseMs * 2) / 3) {
          this.logger.warn({ err: error, partition }, "partition lease not renewed in time; stopping its lane");
          void this.giveBack(partition);
        }
      }
    }
    if (this.stopped) return;

    const share = Math.ceil(this.partitions / processes);
    const keeping = [...this.owned].filter((p) => !this.releasing.has(p));
    for (const partition of keeping.slice(share)) void this.giveBack(partition);
    if (keeping.length >= share) return;

    let wanted = share - keeping.length;
    const first = spread(consumerName) % this.partitions;
    for (let i = 0; i < this.partitions && wanted > 0; i++) {
      const partition = (first + i) % this.partitions;
      if (this.owned.has(partition)) continue;
      const taken = await this.redis.set(partitionLeaseKey(partition), consumerName, "PX", leaseMs, "NX");
      if (taken !== "OK") continue;
      this.owned.add(partition);
      this.lastRenewal.set(partition, Date.now());
      wanted--;
      this.logger.info({ partition, processes }, "partition acquired");
      this.callbacks.acquired(partition);
    }
  }
}
