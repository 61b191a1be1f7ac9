import { ALARM_SEVERITY_ORDER, severityLabel } from "@industryos/ui";

// The words the rule and escalation forms use for what the API names in capitals.

export const TRIGGER_TYPES = [
  { value: "ALARM", label: "Alarm events", hint: "An alarm is raised, changes severity, is acknowledged or cleared" },
  {
    value: "ALARM_UNACKNOWLEDGED",
    label: "Alarm left unacknowledged",
    hint: "Nobody acknowledged or cleared a new alarm within some minutes",
  },
  { value: "DEVICE_INACTIVITY", label: "Device inactive", hint: "A device stopped reporting (10 minutes of silence)" },
  { value: "ENTITY_ACTION", label: "Device, asset or customer changed", hint: "Created, updated or deleted" },
  { value: "RULE_NODE", label: "Rule chain", hint: "Sent by the “notify” node of your rule chains" },
] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number]["value"];

export const triggerLabel = (type: string) => TRIGGER_TYPES.find((t) => t.value === type)?.label ?? type;

export const ALARM_EVENTS = [
  { value: "CREATED", label: "Raised" },
  { value: "SEVERITY_CHANGED", label: "Severity changed" },
  { value: "ACKNOWLEDGED", label: "Acknowledged" },
  { value: "CLEARED", label: "Cleared" },
];

export const SEVERITIES = ALARM_SEVERITY_ORDER.map((s) => ({ value: s, label: severityLabel(s) }));

export const ENTITY_TYPES = [
  { value: "DEVICE", label: "Devices" },
  { value: "ASSET", label: "Assets" },
  { value: "CUSTOMER", label: "Customers" },
];

export const ENTITY_ACTIONS = [
  { value: "CREATED", label: "Created" },
  { value: "UPDATED", label: "Updated" },
  { value: "DELETED", label: "Deleted" },
];

/** "Overheat, Leak" typed in a field, as a list. */
export const listOfText = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** Minutes in words: 90 → "1 h 30 min", 2880 → "2 days". */
export function minutesInWords(minutes: number): string {
  if (minutes === 0) return "at once";
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts = [days && `${days} day${days > 1 ? "s" : ""}`, hours && `${hours} h`, rest && `${rest} min`];
  return parts.filter(Boolean).join(" ");
}
