import { z } from "zod";
import { ALARM_SEVERITIES, alarmType } from "../alarms/schemas.ts";
import { uuid } from "../shared/paging.ts";

// What makes a notification rule fire, one zod schema per trigger type. The API validates rules with these and
// the workers' rule engine reads stored rules back through them, so both agree on every filter's meaning.

export const NOTIFICATION_TRIGGER_TYPES = [
  "ALARM",
  "ALARM_UNACKNOWLEDGED",
  "DEVICE_INACTIVITY",
  "ENTITY_ACTION",
  "RULE_NODE",
] as const;
export type NotificationTriggerType = (typeof NOTIFICATION_TRIGGER_TYPES)[number];

/** What happened to an alarm, as a rule names it. */
export const ALARM_TRIGGER_EVENTS = ["CREATED", "SEVERITY_CHANGED", "ACKNOWLEDGED", "CLEARED"] as const;
export type AlarmTriggerEvent = (typeof ALARM_TRIGGER_EVENTS)[number];

/** The entity types the API emits ENTITY_CREATED/UPDATED/DELETED for. */
export const ENTITY_ACTION_TYPES = ["DEVICE", "ASSET", "CUSTOMER"] as const;
export const ENTITY_ACTIONS = ["CREATED", "UPDATED", "DELETED"] as const;
export type EntityAction = (typeof ENTITY_ACTIONS)[number];

/** An optional filter list: absent or empty matches everything. */
const filter = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max).optional();

export const alarmTrigger = z.strictObject({
  events: z.array(z.enum(ALARM_TRIGGER_EVENTS)).min(1, "Pick at least one alarm event"),
  alarmTypes: filter(alarmType, 50),
  severities: filter(z.enum(ALARM_SEVERITIES), ALARM_SEVERITIES.length),
  /** The devices, assets or customers whose alarms count. */
  originatorIds: filter(uuid, 100),
});

/** A week: longer waits are an escalation policy's job. */
const MAX_WAIT_MINUTES = 7 * 24 * 60;

export const alarmUnacknowledgedTrigger = z.strictObject({
  afterMinutes: z
    .number({ error: "Enter a number of minutes" })
    .int("Whole minutes")
    .min(1, "At least one minute")
    .max(MAX_WAIT_MINUTES, "At most a week (10080 minutes)"),
  alarmTypes: filter(alarmType, 50),
  severities: filter(z.enum(ALARM_SEVERITIES), ALARM_SEVERITIES.length),
  /** As the ALARM trigger's: the devices, assets or customers whose alarms count. */
  originatorIds: filter(uuid, 100),
});

export const deviceInactivityTrigger = z.strictObject({
  deviceProfileIds: filter(uuid, 100),
  deviceIds: filter(uuid, 100),
});

export const entityActionTrigger = z.strictObject({
  entityTypes: z.array(z.enum(ENTITY_ACTION_TYPES)).min(1, "Pick at least one entity type"),
  actions: z.array(z.enum(ENTITY_ACTIONS)).min(1, "Pick at least one action"),
});

/** Fired only by the rule chains' `action.notify` node: nothing to configure or evaluate. */
export const ruleNodeTrigger = z.strictObject({});

export const TRIGGER_CONFIGS = {
  ALARM: alarmTrigger,
  ALARM_UNACKNOWLEDGED: alarmUnacknowledgedTrigger,
  DEVICE_INACTIVITY: deviceInactivityTrigger,
  ENTITY_ACTION: entityActionTrigger,
  RULE_NODE: ruleNodeTrigger,
} as const satisfies Record<NotificationTriggerType, z.ZodType>;

export type TriggerConfigOf<T extends NotificationTriggerType> = z.output<(typeof TRIGGER_CONFIGS)[T]>;
export type AlarmTrigger = TriggerConfigOf<"ALARM">;
export type AlarmUnacknowledgedTrigger = TriggerConfigOf<"ALARM_UNACKNOWLEDGED">;
export type DeviceInactivityTrigger = TriggerConfigOf<"DEVICE_INACTIVITY">;
export type EntityActionTrigger = TriggerConfigOf<"ENTITY_ACTION">;

/** A rule's trigger: its type and that type's configuration, checked together. */
export const notificationTrigger = z.discriminatedUnion("triggerType", [
  z.object({ triggerType: z.literal("ALARM"), triggerConfig: alarmTrigger }),
  z.object({ triggerType: z.literal("ALARM_UNACKNOWLEDGED"), triggerConfig: alarmUnacknowledgedTrigger }),
  z.object({ triggerType: z.literal("DEVICE_INACTIVITY"), triggerConfig: deviceInactivityTrigger }),
  z.object({ triggerType: z.literal("ENTITY_ACTION"), triggerConfig: entityActionTrigger }),
  z.object({ triggerType: z.literal("RULE_NODE"), triggerConfig: ruleNodeTrigger.default({}) }),
]);
export type NotificationTrigger = z.output<typeof notificationTrigger>;

/**
 * Which templates suit a trigger: a template is written for one kind of event (its placeholders depend on it);
 * an alarm left unacknowledged is still an alarm, so alarm templates serve both.
 */
export function templateFits(triggerType: NotificationTriggerType, templateType: NotificationTriggerType): boolean {
  return triggerType === templateType || (triggerType === "ALARM_UNACKNOWLEDGED" && templateType === "ALARM");
}
