import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

/**
 * How the rule engine consumes its streams. Defaults suit production; tests shorten the times.
 * See README.md ("Rule engine") for how they fit together.
 */
export interface RuleEngineSettings {
  /** This process's name in the consumer group and in partition leases: unique per process. */
  consumerName: string;
  /** Entries one read takes from a partition. */
  readCount: number;
  /**
   * Entries of a partition whose chains finished while their webhook deliveries are still being
   * recorded (acknowledged in order once recorded) before the partition waits for the oldest.
   */
  ackWindow: number;
  /** How long a read waits for new entries before looking again (stop requests are seen this often). */
  blockMs: number;
  /**
   * A partition is consumed by one process at a time, which holds its lease; a lease not
   * renewed for this long (a dead process) is free for another. Renewed every third of it.
   */
  leaseMs: number;
  /**
   * A pending entry of another consumer is claimed (XAUTOCLAIM) only after it has been idle this
   * long, so a consumer that lost its lease while still working (a long GC pause) is not
   * overtaken on an entry it may still finish.
   */
  claimIdleMs: number;
  /** Runs of one message within one delivery when its failures are retryable. */
  retryAttempts: number;
  /** Wait before the second run; doubled for each further one (capped at 10 s). */
  retryBackoffMs: number;
  /** After a delivery's runs all failed: how long the partition waits before the entry is delivered again. */
  redeliveryDelayMs: number;
  /** Deliveries of an entry (XPENDING's count) after which a message still failing retryably is dead-lettered. */
  maxDeliveries: number;
  /** Dead letters kept per tenant, about (MAXLEN ~). */
  deadLetterMaxLen: number;
  /** Debug events kept per chain, about (MAXLEN ~), and how long the stream outlives its last event. */
  debugMaxLen: number;
  debugTtlSeconds: number;
  /** How long a device's name, type and chain are cached (chain changes drop it at once). */
  deviceCacheMs: number;
  /**
   * How long a device profile's alarm rules are cached (DEVICE_PROFILES_CHANGED_CHANNEL, which the
   * API publishes on every profile change, drops them at once; this bounds a missed message).
   */
  profileCacheMs: number;
  /**
   * How long attribute reads are cached per entity: those of alarm rules and of enrichment nodes
   * (an attributes message of the entity, and a save by this process, drop them).
   */
  attributeCacheMs: number;
  /** How long a device's alarm-rule state outlives its last write (longer than any rule's duration, 30 days). */
  alarmStateTtlSeconds: number;
  /** How often silent devices are announced with INACTIVITY_EVENT (inactivity-sweep.ts). */
  inactivitySweepMs: number;
}

export function defaultConsumerName(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
}

export const DEFAULT_RULE_ENGINE_SETTINGS: Omit<RuleEngineSettings, "consumerName"> = {
  readCount: 20,
  ackWindow: 200,
  blockMs: 1_000,
  leaseMs: 10_000,
  claimIdleMs: 30_000,
  retryAttempts: 3,
  retryBackoffMs: 200,
  redeliveryDelayMs: 5_000,
  maxDeliveries: 5,
  deadLetterMaxLen: 10_000,
  debugMaxLen: 1_000,
  debugTtlSeconds: 3_600,
  deviceCacheMs: 30_000,
  profileCacheMs: 10_000,
  attributeCacheMs: 5_000,
  alarmStateTtlSeconds: 31 * 86_400,
  inactivitySweepMs: 30_000,
};

export function ruleEngineSettings(overrides: Partial<RuleEngineSettings> = {}): RuleEngineSettings {
  return { ...DEFAULT_RULE_ENGINE_SETTINGS, consumerName: defaultConsumerName(), ...overrides };
}
