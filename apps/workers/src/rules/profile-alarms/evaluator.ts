import { createHash } from "node:crypto";
import { isPlainObject } from "@industryos/device-protocol";
import type { AlarmSeverity, RuleMessage } from "@industryos/rules";
import type { AttributeReader, AttributeSnapshot } from "./attribute-reader.ts";
import {
  evaluateSpec,
  scheduleActive,
  type CompiledRule,
  type CompiledSpec,
  type Facts,
  type SpecOutcome,
} from "./conditions.ts";
import type { ProfileDirectory } from "./profile-directory.ts";
import type { AlarmStateStore, LatestValue, RememberedAlarm, RuleState, Streak } from "./state-store.ts";

/** What the evaluator needs of a device (the device directory's entry). */
export interface AlarmRuleDevice {
  id: string;
  profileId: string;
  customerId: string | null;
}

export interface RaiseInput {
  type: string;
  severity: AlarmSeverity;
  details: Record<string, unknown>;
  ts: number;
  propagation: {
    propagate: boolean;
    propagateRelationTypes: string[];
    propagateToOwner: boolean;
    propagateToTenant: boolean;
  };
}

/** Raise and clear (alarm-actions.ts: the API's raiseAlarm / clearAlarmOf). Both idempotent. */
export interface ProfileAlarmActions {
  /** The alarm as it stands afterwards; `active` false when a later clear already won (a late message). */
  raise(
    tenantId: string,
    deviceId: string,
    input: RaiseInput,
  ): Promise<{ id: string; severity: AlarmSeverity; active: boolean }>;
  clear(tenantId: string, deviceId: string, type: string, ts: number): Promise<void>;
}

export interface ProfileAlarmEvaluatorDeps {
  profiles: ProfileDirectory;
  attributes: AttributeReader;
  state: AlarmStateStore;
  actions: ProfileAlarmActions;
}

const TELEMETRY = "POST_TELEMETRY_REQUEST";
const ATTRIBUTE_TYPES = new Set(["POST_ATTRIBUTES_REQUEST", "ATTRIBUTES_UPDATED"]);
const MAX_SEEN = 32;

/** Identifies a message among others of the same timestamp: its type and data. */
const fingerprint = (message: RuleMessage) =>
  createHash("sha1")
    .update(`${message.type}\n${JSON.stringify(message.data) ?? ""}`)
    .digest("base64url")
    .slice(0, 16);

const satisfied = (spec: CompiledSpec, streak: Streak | undefined) =>
  !!streak &&
  (spec.spec.durationSeconds !== undefined
    ? streak.last - streak.since >= spec.spec.durationSeconds * 1000
    : streak.count >= (spec.spec.repeats ?? 1));

const intersects = (keys: readonly string[], updated: Set<string>) => keys.some((k) => updated.has(k));

/**
 * Evaluates a device profile's alarm rules (ThingsBoard's no-code alarm rules) on one rule
 * message of a device: telemetry, attributes from the device (POST_ATTRIBUTES_REQUEST) or from
 * the API (ATTRIBUTES_UPDATED); and it learns of clears from ALARM_CLEAR events.
 *
 * Per rule: a rule whose keys the message does not carry is left alone. Each create spec (most
 * severe first) and the clear spec is evaluated: all its conditions (AND) on the message's time
 * series (else the latest value seen, kept in the state), the device's attributes and constants,
 * thresholds optionally read from an attribute (device → customer → tenant). A duration spec
 * holds once it matched continuously from its first matching message to one at least
 * `durationSeconds` later; a repeating spec once it matched `repeats` messages in a row; a miss
 * ends the streak; messages that do not carry the spec's keys leave it as it was. Outside the
 * rule's schedule the create specs miss. The most severe create spec that holds raises the
 * alarm at its severity (or moves the raised alarm to it); else a holding clear spec clears it.
 *
 * Message time (`ts`) drives durations, not the clock. A message whose `ts` is older than the
 * newest one the rule evaluated, or the same message again (same `ts`, type and data: a
 * redelivery, a retry after a chain failure), changes nothing for that rule. Actions happen
 * before the state is written: a crash in between repeats the (idempotent) action on
 * redelivery; never the other way round, which would lose it.
 */
export function createProfileAlarmEvaluator(deps: ProfileAlarmEvaluatorDeps) {
  const { profiles, attributes, state, actions } = deps;

  async function alarmCleared(tenantId: string, device: AlarmRuleDevice, message: RuleMessage) {
    if (!isPlainObject(message.data)) return;
    const { id, type } = message.data;
    if (typeof id !== "string" || typeof type !== "string") return;
    const profile = await profiles.get(tenantId, device.profileId);
    if (!profile.rules.some((r) => r.rule.alarmType === type)) return;
    const current = await state.read(tenantId, device.id, [type], []);
    const rule = current.rules.get(type);
    // Cleared by a user, or by a chain node: the next create raises a new alarm.
    if (rule?.alarm?.id !== id) return;
    rule.alarm = null;
    await state.write(tenantId, device.id, new Map([[type, rule]]), new Map());
  }

  async function evaluate(tenantId: string, device: AlarmRuleDevice, message: RuleMessage): Promise<void> {
    if (message.type === "ALARM_CLEAR") return alarmCleared(tenantId, device, message);
    const telemetry = message.type === TELEMETRY;
    const attributeMessage = ATTRIBUTE_TYPES.has(message.type);
    if ((!telemetry && !attributeMessage) || !isPlainObject(message.data)) return;
    if (attributeMessage) attributes.forget(tenantId, device.id);

    const profile = await profiles.get(tenantId, device.profileId);
    if (profile.rules.length === 0) return;
    const data = message.data;
    const updatedTs = new Set(telemetry ? Object.keys(data) : []);
    const updatedAttributes = new Set(attributeMessage ? Object.keys(data) : []);
    const relevant = profile.rules.filter(
      (r) =>
        r.alwaysRelevant ||
        intersects([...r.timeseriesKeys], updatedTs) ||
        intersects([...r.attributeKeys], updatedAttributes),
    );
    if (relevant.length === 0) return;

    const ts = message.ts;
    const tsKeys = [...new Set(relevant.flatMap((r) => [...r.timeseriesKeys]))];
    const stored = await state.read(
      tenantId,
      device.id,
      relevant.map((r) => r.rule.alarmType),
      tsKeys,
    );
    const latestWrites = new Map<string, LatestValue>();
    if (telemetry)
      for (const key of tsKeys)
        if (key in data && (stored.latest.get(key)?.ts ?? -Infinity) <= ts) {
          const value = { ts, value: data[key] };
          stored.latest.set(key, value);
          latestWrites.set(key, value);
        }

    let snapshot: AttributeSnapshot | undefined;
    if (relevant.some((r) => r.attributeKeys.size > 0))
      snapshot = await attributes.get(tenantId, device.id, device.customerId, profile.attributeKeys);
    const facts: Facts = {
      timeseries: (key) => (telemetry && key in data ? data[key] : stored.latest.get(key)?.value),
      attribute: (key) => snapshot?.device(key),
      threshold: (key) => snapshot?.inherited(key),
    };

    const fp = fingerprint(message);
    const ruleWrites = new Map<string, RuleState>();
    for (const compiled of relevant) {
      const type = compiled.rule.alarmType;
      const previous = stored.rules.get(type);
      if (previous && (ts < previous.lastTs || (ts === previous.lastTs && previous.seen.includes(fp)))) continue;
      const rule: RuleState = previous
        ? { ...previous, streaks: previous.digest === compiled.digest ? { ...previous.streaks } : {} }
        : { digest: compiled.digest, lastTs: -1, seen: [], streaks: {} };
      rule.digest = compiled.digest;

      await decide(tenantId, device, compiled, rule, facts, { ts, updatedTs, updatedAttributes });

      if (ts > rule.lastTs) {
        rule.lastTs = ts;
        rule.seen = [fp];
      } else rule.seen = [...rule.seen, fp].slice(-MAX_SEEN);
      ruleWrites.set(type, rule);
    }
    await state.write(tenantId, device.id, ruleWrites, latestWrites);
  }

  /** Evaluates one rule's specs, updates its streaks, and raises or clears its alarm. */
  async function decide(
    tenantId: string,
    device: AlarmRuleDevice,
    compiled: CompiledRule,
    rule: RuleState,
    facts: Facts,
    message: { ts: number; updatedTs: Set<string>; updatedAttributes: Set<string> },
  ) {
    const { ts } = message;
    const inSchedule = scheduleActive(compiled.rule.schedule, ts);
    const holding: { spec: CompiledSpec; outcome: SpecOutcome }[] = [];
    for (const spec of compiled.specs) {
      const outcome =
        spec.name !== "CLEAR" && !inSchedule
          ? { matched: false, values: {}, thresholds: {} }
          : evaluateSpec(spec.spec, facts);
      let holds = outcome.matched;
      if (spec.stateful) {
        const concerned =
          (spec.timeseriesKeys.length === 0 && spec.attributeKeys.length === 0) ||
          intersects(spec.timeseriesKeys, message.updatedTs) ||
          intersects(spec.attributeKeys, message.updatedAttributes);
        const streak = rule.streaks[spec.name];
        if (concerned || (spec.name !== "CLEAR" && !inSchedule)) {
          if (outcome.matched)
            rule.streaks[spec.name] = streak
              ? { since: streak.since, last: ts, count: streak.count + 1 }
              : { since: ts, last: ts, count: 1 };
          else delete rule.streaks[spec.name];
        }
        holds = satisfied(spec, rule.streaks[spec.name]);
      }
      if (holds) holding.push({ spec, outcome });
    }

    const create = holding.find((h) => h.spec.name !== "CLEAR");
    if (create) {
      const severity = create.spec.name as AlarmSeverity;
      if (rule.alarm && rule.alarm.severity === severity) return; // already raised at this severity
      const { spec } = create.spec;
      const streak = rule.streaks[create.spec.name];
      const details: Record<string, unknown> = {
        values: create.outcome.values,
        ...(Object.keys(create.outcome.thresholds).length > 0 ? { thresholds: create.outcome.thresholds } : {}),
        ...(spec.durationSeconds !== undefined
          ? { durationSeconds: spec.durationSeconds, since: streak?.since ?? ts }
          : {}),
        ...(spec.repeats !== undefined && spec.repeats > 1 ? { repeats: spec.repeats } : {}),
      };
      const { rule: definition } = compiled;
      const raised = await actions.raise(tenantId, device.id, {
        type: definition.alarmType,
        severity,
        details,
        ts,
        propagation: {
          propagate: definition.propagate ?? false,
          propagateRelationTypes: definition.propagateRelationTypes ?? [],
          propagateToOwner: definition.propagateToOwner ?? false,
          propagateToTenant: definition.propagateToTenant ?? false,
        },
      });
      rule.alarm = raised.active ? ({ id: raised.id, severity: raised.severity } satisfies RememberedAlarm) : null;
      return;
    }
    if (holding.some((h) => h.spec.name === "CLEAR") && rule.alarm !== null) {
      // Raised by this rule, or not known (a state from before): clearAlarmOf is a no-op without an active alarm.
      await actions.clear(tenantId, device.id, compiled.rule.alarmType, ts);
      rule.alarm = null;
    }
  }

  return { evaluate };
}

export type ProfileAlarmEvaluator = ReturnType<typeof createProfileAlarmEvaluator>;
