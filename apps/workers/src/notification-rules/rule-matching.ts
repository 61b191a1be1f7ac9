import type { AlarmSeverity, AlarmTrigger, AlarmTriggerEvent, EntityActionTrigger } from "@industryos/api";
import type { EscalationPolicyFilter } from "./rule-directory.ts";

/** An absent or empty filter matches everything. */
const within = <T>(list: readonly T[] | undefined, value: T) => !list || list.length === 0 || list.includes(value);

export interface AlarmFacts {
  type: string;
  severity: AlarmSeverity;
  originatorId: string;
}

/** An alarm rule fires on its events, for alarms of its types and severities (the new severity) and originators. */
export function alarmRuleMatches(config: AlarmTrigger, event: AlarmTriggerEvent, alarm: AlarmFacts): boolean {
  return (
    config.events.includes(event) &&
    within(config.alarmTypes, alarm.type) &&
    within(config.severities, alarm.severity) &&
    within(config.originatorIds, alarm.originatorId)
  );
}

/** "Unacknowledged for N minutes" rules filter by type, severity and originator; escalation policies by the first two. */
export function alarmFilterMatches(
  filter: { alarmTypes?: readonly string[]; severities?: readonly AlarmSeverity[]; originatorIds?: readonly string[] },
  alarm: AlarmFacts,
): boolean {
  return (
    within(filter.alarmTypes, alarm.type) &&
    within(filter.severities, alarm.severity) &&
    within(filter.originatorIds, alarm.originatorId)
  );
}

export const policyMatches = (policy: EscalationPolicyFilter, alarm: AlarmFacts) => alarmFilterMatches(policy, alarm);

export function entityActionMatches(config: EntityActionTrigger, entityType: string, action: string): boolean {
  return (
    (config.entityTypes as readonly string[]).includes(entityType) &&
    (config.actions as readonly string[]).includes(action)
  );
}

export function inactivityMatches(
  config: { deviceIds?: readonly string[]; deviceProfileIds?: readonly string[] },
  device: { id: string; deviceProfileId: string },
): boolean {
  return within(config.deviceIds, device.id) && within(config.deviceProfileIds, device.deviceProfileId);
}
