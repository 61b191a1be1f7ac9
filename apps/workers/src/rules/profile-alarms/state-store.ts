import type { RedisClient } from "@industryos/runtime";
import type { AlarmSeverity } from "@industryos/rules";
import type { SpecName } from "./conditions.ts";

/**
 * The evaluation state of one device's alarm rules, in Redis: one hash per device
 * (`alarmRuleStateKey`), one small JSON per rule (`rule:{alarmType}`) and one per time series key
 * the rules read (`ts:{key}`, the latest value seen, so `temperature > 30 AND humidity > 80` holds
 * when the two arrive in separate messages). Redis rather than PostgreSQL: it is read and written
 * once per evaluated message, on the rule engine's hot path, and Redis already holds what the
 * consumers share (streams, leases); it is persisted with the streams themselves (a restore that
 * loses it also loses the unacknowledged entries it belongs with).
 *
 * One writer at a time: a device's messages are consumed by the one process holding its
 * partition's lease, one after another, so read → evaluate → act → write needs no lock.
 */

/** A streak of a duration or repeating condition: while it keeps matching. */
export interface Streak {
  /** Timestamp of the first matching message of the streak. */
  since: number;
  /** Timestamp of its latest matching message. */
  last: number;
  /** Matching messages in a row. */
  count: number;
}

/** What the evaluator remembers of the alarm it raised: which one, and at which severity. */
export interface RememberedAlarm {
  id: string;
  severity: AlarmSeverity;
}

export interface RuleState {
  /** Digest of the rule the streaks were counted under (a changed rule starts them again). */
  digest: string;
  /** The newest message timestamp evaluated for this rule; -1 before the first. */
  lastTs: number;
  /** Fingerprints of the messages evaluated at `lastTs` (a redelivered one is recognised). */
  seen: string[];
  /**
   * The active alarm this rule raised; null: none; absent: not known (first evaluation, or a
   * state from before): the next create or clear acts on the alarm table and learns it.
   */
  alarm?: RememberedAlarm | null;
  /** Streaks of the stateful create specs (by severity) and of the clear spec. */
  streaks: Partial<Record<SpecName, Streak>>;
}

export interface LatestValue {
  ts: number;
  value: unknown;
}

export interface DeviceAlarmState {
  rules: Map<string, RuleState>;
  latest: Map<string, LatestValue>;
}

export function alarmRuleStateKey(tenantId: string, deviceId: string): string {
  return `rule-engine:alarm-state:${tenantId}:${deviceId}`;
}

const ruleField = (alarmType: string) => `rule:${alarmType}`;
const latestField = (key: string) => `ts:${key}`;

function parse<T>(text: string | null | undefined): T | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined; // unreadable: as if absent
  }
}

export function createAlarmStateStore(redis: RedisClient, ttlSeconds: number) {
  return {
    /** The states of the named rules and the latest values of the named keys (absent ones are not in the maps). */
    async read(tenantId: string, deviceId: string, alarmTypes: string[], keys: string[]): Promise<DeviceAlarmState> {
      const fields = [...alarmTypes.map(ruleField), ...keys.map(latestField)];
      const state: DeviceAlarmState = { rules: new Map(), latest: new Map() };
      if (fields.length === 0) return state;
      const values = await redis.hmget(alarmRuleStateKey(tenantId, deviceId), ...fields);
      alarmTypes.forEach((type, i) => {
        const rule = parse<RuleState>(values[i]);
        if (rule) state.rules.set(type, rule);
      });
      keys.forEach((key, i) => {
        const latest = parse<LatestValue>(values[alarmTypes.length + i]);
        if (latest) state.latest.set(key, latest);
      });
      return state;
    },

    /**
     * Writes the changed rule states and latest values in one MULTI, and keeps the hash for
     * `ttlSeconds` after its last write (longer than any duration a rule may ask for).
     */
    async write(
      tenantId: string,
      deviceId: string,
      rules: Map<string, RuleState>,
      latest: Map<string, LatestValue>,
    ): Promise<void> {
      if (rules.size === 0 && latest.size === 0) return;
      const key = alarmRuleStateKey(tenantId, deviceId);
      const fields: string[] = [];
      for (const [type, rule] of rules) fields.push(ruleField(type), JSON.stringify(rule));
      for (const [name, value] of latest) fields.push(latestField(name), JSON.stringify(value));
      const results = await redis
        .multi()
        .hset(key, ...fields)
        .expire(key, ttlSeconds)
        .exec();
      const failed = results?.find(([error]) => error);
      if (!results || failed) throw failed?.[0] ?? new Error("alarm rule state not written");
    },
  };
}

export type AlarmStateStore = ReturnType<typeof createAlarmStateStore>;
