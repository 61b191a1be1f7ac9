import { z } from "zod";
import { THRESHOLD_OPERATORS } from "./nodes/filter-threshold.ts";
import { ALARM_SEVERITIES } from "./services.ts";

/**
 * Device-profile alarm rules (ThingsBoard's no-code alarm rules): per alarm type, the conditions
 * that raise it at each severity, the condition that clears it, propagation and a schedule. One
 * schema for all three users: the API validates `PATCH /device-profiles/{id}` `{alarmRules}`
 * with it, the workers' evaluator reads stored rules with it, and the console's editor checks
 * its form with it. Imports nothing but zod (no sandbox), so a browser bundle can take it from
 * `@industryos/rules/alarm-rules`.
 */

export { ALARM_SEVERITIES, type AlarmSeverity } from "./services.ts";

/** Where a condition's left side comes from: the message's telemetry, the originator's attributes, or a constant. */
export const ALARM_CONDITION_SOURCES = ["TIME_SERIES", "ATTRIBUTE", "CONSTANT"] as const;
export type AlarmConditionSource = (typeof ALARM_CONDITION_SOURCES)[number];

/** The threshold filter node's operators. */
export const ALARM_CONDITION_OPERATORS = THRESHOLD_OPERATORS;
export type AlarmConditionOperator = (typeof ALARM_CONDITION_OPERATORS)[number];

const key = z.string().trim().min(1, "Name the key").max(255);
const literal = z.union([z.number(), z.string().max(1024), z.boolean()]);

/**
 * A threshold read from an attribute of the originator (`{attribute: "maxTemperature"}`), so
 * each device can carry its own; `default` applies while the attribute is missing (without one,
 * the condition is false).
 */
export const alarmDynamicValue = z.strictObject({ attribute: key, default: literal.optional() });

export const alarmConditionValue = z.union([literal, alarmDynamicValue]);
export type AlarmConditionValue = z.infer<typeof alarmConditionValue>;

/**
 * `temperature > 30`: `key` of `source` compared by `op` with `value`. A CONSTANT condition
 * compares `constant` instead (with a threshold from an attribute, it switches rules per
 * device: `{source: "CONSTANT", constant: true, op: "==", value: {attribute: "alarmsEnabled"}}`);
 * its `key` is only a label.
 */
export const alarmCondition = z
  .strictObject({
    source: z.enum(ALARM_CONDITION_SOURCES),
    key: key.optional(),
    constant: literal.optional(),
    op: z.enum(ALARM_CONDITION_OPERATORS),
    value: alarmConditionValue,
  })
  .superRefine((condition, ctx) => {
    if (condition.source !== "CONSTANT" && condition.key === undefined)
      ctx.addIssue({ code: "custom", path: ["key"], message: "Name the key" });
    if (condition.source === "CONSTANT" && condition.constant === undefined)
      ctx.addIssue({ code: "custom", path: ["constant"], message: "A CONSTANT condition needs its constant" });
    const value = typeof condition.value === "object" ? condition.value.default : condition.value;
    if (typeof value === "boolean" && condition.op !== "==" && condition.op !== "!=")
      ctx.addIssue({ code: "custom", path: ["op"], message: "A boolean compares with == or != only" });
  });
export type AlarmCondition = z.infer<typeof alarmCondition>;

/**
 * All conditions must hold (AND). Plain, or held for `durationSeconds` ("above 30 for 5
 * minutes"), or true on `repeats` messages in a row ("3 times"); not both.
 */
export const alarmConditionSpec = z
  .strictObject({
    conditions: z.array(alarmCondition).min(1, "Add at least one condition").max(20),
    durationSeconds: z
      .number()
      .int()
      .min(1)
      .max(30 * 86_400)
      .optional(),
    repeats: z.number().int().min(1).max(10_000).optional(),
  })
  .refine((spec) => spec.durationSeconds === undefined || spec.repeats === undefined, {
    message: "A condition lasts a duration or repeats, not both",
    path: ["repeats"],
  });
export type AlarmConditionSpec = z.infer<typeof alarmConditionSpec>;

/** Milliseconds since midnight in the schedule's time zone. */
const dayTime = z.number().int().min(0).max(86_400_000);
/** 1 = Monday … 7 = Sunday (ISO). */
const dayOfWeek = z.number().int().min(1).max(7);

const timezone = z
  .string()
  .min(1)
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    { message: "Unknown time zone (use an IANA name such as Europe/Berlin)" },
  );

/** When the rule is active (ThingsBoard's schedule types); always when omitted. */
export const alarmSchedule = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("ANY_TIME") }),
  z.strictObject({
    type: z.literal("SPECIFIC_TIME"),
    timezone,
    daysOfWeek: z.array(dayOfWeek).min(1, "Pick at least one day"),
    startsOn: dayTime,
    endsOn: dayTime,
  }),
  z.strictObject({
    type: z.literal("CUSTOM"),
    timezone,
    items: z
      .array(z.strictObject({ dayOfWeek, enabled: z.boolean(), startsOn: dayTime, endsOn: dayTime }))
      .min(1)
      .max(7),
  }),
]);
export type AlarmSchedule = z.infer<typeof alarmSchedule>;

export const alarmRule = z
  .strictObject({
    alarmType: z.string().trim().min(1, "Name the alarm type").max(255),
    /** Conditions per severity; evaluated from the most severe down, the first that holds wins. */
    create: z.partialRecord(z.enum(ALARM_SEVERITIES), alarmConditionSpec),
    clear: alarmConditionSpec.optional(),
    /** Propagate to the entities up the originator's relations (only along these types, when named). */
    propagate: z.boolean().optional(),
    propagateRelationTypes: z.array(z.string().trim().min(1).max(255)).max(20).optional(),
    /** Propagate to the originator's customer (else the tenant), and to the tenant. */
    propagateToOwner: z.boolean().optional(),
    propagateToTenant: z.boolean().optional(),
    schedule: alarmSchedule.optional(),
  })
  .refine((rule) => Object.keys(rule.create).length > 0, {
    message: "Give the conditions of at least one severity",
    path: ["create"],
  });
export type AlarmRule = z.infer<typeof alarmRule>;

/** A device profile's rules: one per alarm type. */
export const alarmRules = z
  .array(alarmRule)
  .max(100)
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((rule, index) => {
      if (seen.has(rule.alarmType))
        ctx.addIssue({
          code: "custom",
          path: [index, "alarmType"],
          message: `Another rule already raises ${rule.alarmType}`,
        });
      seen.add(rule.alarmType);
    });
  });
export type AlarmRules = z.infer<typeof alarmRules>;
