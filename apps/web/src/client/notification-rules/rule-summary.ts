import { severityLabel } from "@industryos/ui";
import { ALARM_EVENTS, ENTITY_ACTIONS, ENTITY_TYPES, minutesInWords } from "./choices.ts";

const named = (values: unknown, choices: { value: string; label: string }[]) =>
  (Array.isArray(values) ? (values as string[]) : [])
    .map((v) => choices.find((c) => c.value === v)?.label.toLowerCase() ?? v)
    .join(", ");
const count = (values: unknown, noun: string) =>
  Array.isArray(values) && values.length > 0 ? `${values.length} ${noun}${values.length > 1 ? "s" : ""}` : "";

/** What a rule's trigger waits for, in a line: "raised, cleared · Critical · High temperature". */
export function triggerSummary(type: string, config: Record<string, unknown>): string {
  const types = Array.isArray(config.alarmTypes) ? (config.alarmTypes as string[]).join(", ") : "";
  const severities = Array.isArray(config.severities)
    ? (config.severities as string[]).map(severityLabel).join(", ")
    : "";
  const parts = (() => {
    switch (type) {
      case "ALARM":
        return [named(config.events, ALARM_EVENTS), severities, types, count(config.originatorIds, "device")];
      case "ALARM_UNACKNOWLEDGED":
        return [
          `after ${minutesInWords(Number(config.afterMinutes))}`,
          severities,
          types,
          count(config.originatorIds, "device"),
        ];
      case "DEVICE_INACTIVITY":
        return [count(config.deviceProfileIds, "profile"), count(config.deviceIds, "device")];
      case "ENTITY_ACTION":
        return [named(config.entityTypes, ENTITY_TYPES), named(config.actions, ENTITY_ACTIONS)];
      default:
        return ["from rule chains"];
    }
  })();
  return parts.filter(Boolean).join(" · ") || "everything";
}
