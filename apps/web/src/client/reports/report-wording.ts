/** How the console words a report's schedule: "Daily at 07:00 (Europe/Berlin)", "Mondays at 07:00 (…)". */
export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

export function scheduleWording(s: {
  frequency: string;
  dayOfWeek: number | null;
  timeOfDay: string;
  timeZone: string;
}) {
  const when = s.frequency === "WEEKLY" && s.dayOfWeek !== null ? `${WEEKDAYS[s.dayOfWeek]}s` : "Daily";
  return `${when} at ${s.timeOfDay} (${s.timeZone})`;
}

export function rangeWording(hours: number) {
  if (hours % 24 === 0) return hours === 24 ? "the last day" : `the last ${hours / 24} days`;
  return hours === 1 ? "the last hour" : `the last ${hours} hours`;
}

export const LAYOUT_LABELS = { PER_WIDGET: "One CSV per widget", PER_DEVICE: "One CSV per device" } as const;

export const RUN_TONES = { RUNNING: "blue", SUCCEEDED: "green", FAILED: "red" } as const;
