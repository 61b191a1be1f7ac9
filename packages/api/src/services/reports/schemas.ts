import { z } from "zod";
import { pagingInput, uuid } from "../shared/paging.ts";

/** True when the runtime (and so Temporal, which ships the same IANA database) knows the zone. */
function isIanaTimeZone(name: string): boolean {
  // Offsets such as "+01:00" would pass Intl on newer engines but not Temporal: names only.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const REPORT_FREQUENCIES = ["DAILY", "WEEKLY"] as const;
export const REPORT_LAYOUTS = ["PER_WIDGET", "PER_DEVICE"] as const;

const name = z.string().trim().min(1, "Name the report").max(255);
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Give the time as "HH:mm", 00:00 to 23:59');
const timeZone = z
  .string()
  .trim()
  .refine(isIanaTimeZone, "Give an IANA time zone such as Europe/Berlin or America/New_York");
const dayOfWeek = z.number().int().min(0, "0 is Sunday").max(6, "6 is Saturday");
const recipients = z
  .array(z.email("must be an email address").max(254))
  .min(1, "Add at least one recipient")
  .max(20, "At most 20 recipients");
/** Hours of data ending at the run time: a day by default, at most a month. */
const rangeHours = z.number().int().min(1).max(744);

const fields = {
  name,
  dashboardId: uuid,
  layout: z.enum(REPORT_LAYOUTS),
  frequency: z.enum(REPORT_FREQUENCIES),
  dayOfWeek: dayOfWeek.nullable(),
  timeOfDay,
  timeZone,
  rangeHours,
  recipients,
  enabled: z.boolean(),
};

/** A weekly report needs its day; a daily one has none. */
export function checkDayOfWeek(
  value: { frequency?: string; dayOfWeek?: number | null },
  ctx: { addIssue(issue: { code: "custom"; message: string; path: string[] }): void },
) {
  if (value.frequency === "WEEKLY" && (value.dayOfWeek === null || value.dayOfWeek === undefined))
    ctx.addIssue({
      code: "custom",
      message: "A weekly report needs dayOfWeek (0 = Sunday ... 6 = Saturday)",
      path: ["dayOfWeek"],
    });
}

export const createReportScheduleInput = z
  .object({
    ...fields,
    layout: fields.layout.default("PER_WIDGET"),
    dayOfWeek: fields.dayOfWeek.optional(),
    rangeHours: rangeHours.default(24),
    enabled: fields.enabled.default(true),
  })
  .superRefine(checkDayOfWeek);

/** Every field optional; the day-of-week rule is checked against the merged row. */
export const updateReportScheduleInput = z.object(fields).partial();

export const listReportSchedulesInput = pagingInput.extend({ search: z.string().trim().max(255).optional() });
export const listReportRunsInput = pagingInput;

export const runParams = z.object({ id: uuid, runId: uuid });
export const fileParams = runParams.extend({ fileName: z.string().min(1).max(255) });

export const reportScheduleView = z.object({
  id: z.string(),
  name: z.string(),
  dashboardId: z.string(),
  dashboardTitle: z.string(),
  layout: z.enum(REPORT_LAYOUTS),
  frequency: z.enum(REPORT_FREQUENCIES),
  dayOfWeek: z.number().nullable(),
  timeOfDay: z.string(),
  timeZone: z.string(),
  rangeHours: z.number(),
  recipients: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const reportRunView = z.object({
  id: z.string(),
  scheduleId: z.string(),
  status: z.enum(["RUNNING", "SUCCEEDED", "FAILED"]),
  trigger: z.enum(["SCHEDULED", "MANUAL"]),
  files: z.array(z.object({ name: z.string(), rows: z.number(), bytes: z.number() })),
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
