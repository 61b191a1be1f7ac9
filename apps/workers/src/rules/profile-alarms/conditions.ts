import { createHash } from "node:crypto";
import {
  ALARM_SEVERITIES,
  type AlarmCondition,
  type AlarmConditionOperator,
  type AlarmConditionSpec,
  type AlarmRule,
  type AlarmSchedule,
  type AlarmSeverity,
  compareWith,
} from "@industryos/rules";

/**
 * The pure half of device-profile alarm rules: which keys a rule reads, whether a condition
 * holds on given facts, and whether a schedule is active at a time. No I/O here; the evaluator
 * (evaluator.ts) gathers the facts and keeps the state.
 */

/** A create condition's severity, or the rule's clear condition. */
export type SpecName = AlarmSeverity | "CLEAR";

export interface CompiledSpec {
  name: SpecName;
  spec: AlarmConditionSpec;
  /** TIME_SERIES keys of its conditions. */
  timeseriesKeys: string[];
  /** ATTRIBUTE keys of its conditions and the attributes its thresholds are read from. */
  attributeKeys: string[];
  /** Lasts a duration or repeats: it keeps a streak in the rule's state. */
  stateful: boolean;
}

export interface CompiledRule {
  rule: AlarmRule;
  /** Create specs from the most severe down, then CLEAR when the rule has one. */
  specs: CompiledSpec[];
  timeseriesKeys: Set<string>;
  attributeKeys: Set<string>;
  /** The attributes thresholds are read from (device, then customer, then tenant). */
  dynamicKeys: Set<string>;
  /** Some spec reads no key at all (CONSTANT only, fixed value): every message is news to it. */
  alwaysRelevant: boolean;
  /** A digest of the rule: a streak kept under another version of the rule is dropped. */
  digest: string;
}

export function compileRule(rule: AlarmRule): CompiledRule {
  const specs: CompiledSpec[] = [];
  const named: [SpecName, AlarmConditionSpec | undefined][] = [
    ...ALARM_SEVERITIES.map((s): [SpecName, AlarmConditionSpec | undefined] => [s, rule.create[s]]),
    ["CLEAR", rule.clear],
  ];
  const timeseriesKeys = new Set<string>();
  const attributeKeys = new Set<string>();
  const dynamicKeys = new Set<string>();
  let alwaysRelevant = false;
  for (const [name, spec] of named) {
    if (!spec) continue;
    const ts = new Set<string>();
    const attrs = new Set<string>();
    for (const c of spec.conditions) {
      if (c.source === "TIME_SERIES" && c.key) ts.add(c.key);
      if (c.source === "ATTRIBUTE" && c.key) attrs.add(c.key);
      if (typeof c.value === "object") {
        attrs.add(c.value.attribute);
        dynamicKeys.add(c.value.attribute);
      }
    }
    if (ts.size === 0 && attrs.size === 0) alwaysRelevant = true;
    ts.forEach((k) => timeseriesKeys.add(k));
    attrs.forEach((k) => attributeKeys.add(k));
    specs.push({
      name,
      spec,
      timeseriesKeys: [...ts],
      attributeKeys: [...attrs],
      stateful: spec.durationSeconds !== undefined || (spec.repeats ?? 1) > 1,
    });
  }
  const digest = createHash("sha1")
    .update(JSON.stringify([rule.create, rule.clear ?? null]))
    .digest("base64url")
    .slice(0, 12);
  return { rule, specs, timeseriesKeys, attributeKeys, dynamicKeys, alwaysRelevant, digest };
}

/** What a condition is evaluated against. */
export interface Facts {
  /** A time series key's value: the message's, else the latest the evaluator has seen. */
  timeseries(key: string): unknown;
  /** A device attribute (SERVER over SHARED over CLIENT). */
  attribute(key: string): unknown;
  /** A threshold's attribute: the device's, else its customer's, else its tenant's. */
  threshold(key: string): unknown;
}

export interface SpecOutcome {
  matched: boolean;
  /** Left-hand values by key (what the alarm's details show). */
  values: Record<string, unknown>;
  /** Thresholds read from attributes, by attribute key. */
  thresholds: Record<string, unknown>;
}

const numeric = (value: unknown): number | undefined => {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  if (typeof value === "bigint") return Number(value);
  return undefined;
};

/**
 * `left op right`, as the threshold filter compares, with the threshold's type deciding: a number
 * compares numerically (numeric text on the left counts: "31.5"), a boolean with == / != only
 * ("true"/"false" text counts), text as text (a number on the left is compared as its text, unless
 * the threshold is itself numeric text, read from a STRING attribute, and the left a number).
 * A missing side (a key the device never sent, an attribute nobody set) never matches.
 */
export function compare(left: unknown, op: AlarmConditionOperator, right: unknown): boolean {
  if (left === undefined || left === null || right === undefined || right === null) return false;
  if (
    typeof right === "number" ||
    typeof right === "bigint" ||
    (typeof left === "number" && numeric(right) !== undefined)
  ) {
    const l = numeric(left);
    const r = numeric(right);
    return l !== undefined && r !== undefined && compareWith(l, op, r);
  }
  if (typeof right === "boolean") {
    const l = typeof left === "boolean" ? left : left === "true" ? true : left === "false" ? false : undefined;
    if (l === undefined) return false;
    return op === "==" ? l === right : op === "!=" ? l !== right : false;
  }
  if (typeof right === "string") {
    if (typeof left === "string") return compareWith(left, op, right);
    if (typeof left === "number" || typeof left === "boolean") return compareWith(String(left), op, right);
  }
  return false;
}

function leftOf(condition: AlarmCondition, facts: Facts): unknown {
  switch (condition.source) {
    case "TIME_SERIES":
      return facts.timeseries(condition.key!);
    case "ATTRIBUTE":
      return facts.attribute(condition.key!);
    case "CONSTANT":
      return condition.constant;
  }
}

/** All conditions of the spec (AND), with the values they saw. */
export function evaluateSpec(spec: AlarmConditionSpec, facts: Facts): SpecOutcome {
  const values: Record<string, unknown> = {};
  const thresholds: Record<string, unknown> = {};
  let matched = true;
  for (const condition of spec.conditions) {
    const left = leftOf(condition, facts);
    if (condition.source !== "CONSTANT" && condition.key) values[condition.key] = left ?? null;
    let right: unknown;
    if (typeof condition.value === "object") {
      right = facts.threshold(condition.value.attribute) ?? condition.value.default;
      thresholds[condition.value.attribute] = right ?? null;
    } else right = condition.value;
    if (!compare(left, condition.op, right)) matched = false;
  }
  return { matched, values, thresholds };
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formats = new Map<string, Intl.DateTimeFormat>();

/** ISO day of week (1 = Monday) and milliseconds since midnight of `ts` in `timezone`. */
function localTime(ts: number, timezone: string): { day: number; ms: number } {
  let format = formats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formats.set(timezone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(ts)).map((p) => [p.type, p.value]));
  const ms =
    ((Number(parts.hour) * 60 + Number(parts.minute)) * 60 + Number(parts.second)) * 1000 +
    (((ts % 1000) + 1000) % 1000);
  return { day: WEEKDAYS[parts.weekday ?? ""] ?? 1, ms };
}

/** Within [startsOn, endsOn] of the day; 0–0 is the whole day; an end before the start runs past midnight. */
const within = (ms: number, startsOn: number, endsOn: number) =>
  (startsOn === 0 && endsOn === 0) ||
  (startsOn <= endsOn ? ms >= startsOn && ms <= endsOn : ms >= startsOn || ms <= endsOn);

/** Whether the rule's create conditions apply at `ts` (ThingsBoard's schedule types); always without a schedule. */
export function scheduleActive(schedule: AlarmSchedule | undefined, ts: number): boolean {
  if (!schedule || schedule.type === "ANY_TIME") return true;
  const { day, ms } = localTime(ts, schedule.timezone);
  if (schedule.type === "SPECIFIC_TIME")
    return schedule.daysOfWeek.includes(day) && within(ms, schedule.startsOn, schedule.endsOn);
  const item = schedule.items.find((i) => i.dayOfWeek === day);
  return !!item && item.enabled && within(ms, item.startsOn, item.endsOn);
}
