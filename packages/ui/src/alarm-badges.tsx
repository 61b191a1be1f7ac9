import { cx } from "./cx.ts";

/** Alarm severities as the API names them, most severe first. */
export const ALARM_SEVERITY_ORDER = ["CRITICAL", "MAJOR", "MINOR", "WARNING", "INDETERMINATE"] as const;
export type AlarmSeverityName = (typeof ALARM_SEVERITY_ORDER)[number];
export type AlarmStatusName = "ACTIVE_UNACK" | "ACTIVE_ACK" | "CLEARED_UNACK" | "CLEARED_ACK";

const SEVERITY_TONES: Record<AlarmSeverityName, string> = {
  CRITICAL: "bg-red-600 text-white",
  MAJOR: "bg-orange-500 text-white",
  MINOR: "bg-amber-300 text-amber-950",
  WARNING: "bg-yellow-100 text-yellow-900 ring-1 ring-inset ring-yellow-300",
  INDETERMINATE: "bg-slate-200 text-slate-700",
};

export const severityLabel = (severity: string) => severity.charAt(0) + severity.slice(1).toLowerCase();

/** A severity as a coloured pill ("Critical"), with a count when given ("Critical · 3"). */
export function SeverityBadge({ severity, count, title }: { severity: string; count?: number; title?: string }) {
  const tone = SEVERITY_TONES[severity as AlarmSeverityName] ?? SEVERITY_TONES.INDETERMINATE;
  return (
    <span
      className={cx("inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-semibold", tone)}
      title={title}
      data-severity={severity}
    >
      {severityLabel(severity)}
      {count !== undefined && <span className="font-normal">· {count}</span>}
    </span>
  );
}

const STATUS_LABELS: Record<AlarmStatusName, string> = {
  ACTIVE_UNACK: "Active, unacknowledged",
  ACTIVE_ACK: "Active, acknowledged",
  CLEARED_UNACK: "Cleared, unacknowledged",
  CLEARED_ACK: "Cleared, acknowledged",
};

export const alarmStatusLabel = (status: string) => STATUS_LABELS[status as AlarmStatusName] ?? status;

/** An alarm's status in words, red while active and unacknowledged. */
export function AlarmStatusBadge({ status }: { status: string }) {
  const tone = status.startsWith("ACTIVE")
    ? status === "ACTIVE_UNACK"
      ? "bg-red-50 text-red-700 ring-red-200"
      : "bg-amber-50 text-amber-800 ring-amber-200"
    : "bg-slate-50 text-slate-600 ring-slate-200";
  return (
    <span className={cx("inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", tone)}>
      {alarmStatusLabel(status)}
    </span>
  );
}

/** The most severe severity with a count above zero, or null. */
export function highestSeverity(bySeverity: Partial<Record<string, number>>): AlarmSeverityName | null {
  return ALARM_SEVERITY_ORDER.find((s) => (bySeverity[s] ?? 0) > 0) ?? null;
}
