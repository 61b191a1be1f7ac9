// Scheduled reports: one Temporal Schedule per ReportSchedule row (`report-schedule:{id}`), whose action starts
// `reportRunWorkflow`. The row is the source of truth; the API writes the Temporal schedule after every change and
// the workers put back any that is missing or differs at start. "Run now" inserts the ReportRun row first, then
// starts the same workflow with that row's id, so the caller gets the run at once.
import { type Client, DAYS_OF_WEEK, ScheduleNotFoundError, type ScheduleOptions } from "@temporalio/client";

export const REPORT_RUN_WORKFLOW = "reportRunWorkflow";

export type ReportTrigger = "SCHEDULED" | "MANUAL";

export interface ReportRunInput {
  tenantId: string;
  scheduleId: string;
  trigger: ReportTrigger;
  /** The ReportRun row the API inserted ("run now"); a scheduled run creates its own row. */
  runId?: string;
}

/** What of a ReportSchedule row decides its Temporal schedule. */
export interface ReportScheduleTiming {
  id: string;
  tenantId: string;
  frequency: "DAILY" | "WEEKLY";
  /** 0 = Sunday ... 6 = Saturday, for WEEKLY. */
  dayOfWeek: number | null;
  /** "HH:mm" in `timeZone`. */
  timeOfDay: string;
  /** IANA name; Temporal computes the times in it, daylight saving time included. */
  timeZone: string;
  enabled: boolean;
}

export const reportScheduleId = (scheduleId: string) => `report-schedule:${scheduleId}`;
/** A "run now" workflow: one per ReportRun row, so a repeated start finds the first. */
export const reportRunWorkflowId = (runId: string) => `report-run:${runId}`;
/** Temporal appends each action's scheduled time to this id: one workflow per schedule and time. */
export const scheduledReportWorkflowId = (scheduleId: string) => `report-run:scheduled:${scheduleId}`;

/** The Temporal Schedule a ReportSchedule row stands for. */
export function reportScheduleOptions(row: ReportScheduleTiming, taskQueue: string): ScheduleOptions {
  const [hour, minute] = row.timeOfDay.split(":").map(Number) as [number, number];
  const input: ReportRunInput = { tenantId: row.tenantId, scheduleId: row.id, trigger: "SCHEDULED" };
  return {
    scheduleId: reportScheduleId(row.id),
    spec: {
      calendars: [
        {
          hour,
          minute,
          dayOfWeek: row.frequency === "WEEKLY" && row.dayOfWeek !== null ? DAYS_OF_WEEK[row.dayOfWeek] : "*",
        },
      ],
      timezone: row.timeZone,
    },
    action: {
      type: "startWorkflow",
      workflowType: REPORT_RUN_WORKFLOW,
      workflowId: scheduledReportWorkflowId(row.id),
      taskQueue,
      args: [input],
      // A run that cannot finish in an hour (provider down all along) is recorded as failed by then.
      workflowExecutionTimeout: "1 hour",
    },
    // A report late by up to an hour (server or workers down at the time) is still worth sending; later it is skipped.
    policies: { overlap: "SKIP", catchupWindow: "1 hour" },
    state: { paused: !row.enabled, note: row.enabled ? undefined : "disabled in IndustryOS" },
  };
}

/**
 * Makes the Temporal schedule match the row: created when missing, otherwise updated (spec, action) and paused
 * or unpaused as `enabled` says. Safe to repeat.
 */
export async function upsertReportSchedule(client: Client, row: ReportScheduleTiming, taskQueue: string) {
  const options = reportScheduleOptions(row, taskQueue);
  const handle = client.schedule.getHandle(options.scheduleId);
  let exists = true;
  try {
    await handle.describe();
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
    exists = false;
  }
  if (!exists) {
    await client.schedule.create(options);
    return;
  }
  await handle.update((previous) => ({
    ...previous,
    spec: options.spec,
    action: options.action,
    policies: { ...previous.policies, ...options.policies },
    state: { ...previous.state, note: options.state?.note },
  }));
  // An update does not change whether a schedule is paused; these do.
  if (row.enabled) await handle.unpause("enabled in IndustryOS");
  else await handle.pause("disabled in IndustryOS");
}

/** Deletes the row's Temporal schedule; one already gone is fine. */
export async function deleteReportSchedule(client: Client, scheduleId: string) {
  try {
    await client.schedule.getHandle(reportScheduleId(scheduleId)).delete();
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
  }
}

/** When the schedule will next run (empty when paused or missing). */
export async function nextReportTimes(client: Client, scheduleId: string): Promise<Date[]> {
  try {
    const description = await client.schedule.getHandle(reportScheduleId(scheduleId)).describe();
    return description.state.paused ? [] : description.info.nextActionTimes;
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return [];
    throw error;
  }
}

/**
 * One CSV of a run as ReportRun.files keeps it: the workers write it, the API lists it (without `content`) and
 * serves it for download. The text is kept inline because a report is capped at MAX_REPORT_BYTES.
 */
export interface ReportFileEntry {
  name: string;
  rows: number;
  bytes: number;
  content: string;
}

/** Every CSV of one run together; a bigger report fails with a message that says how to make it smaller. */
export const MAX_REPORT_BYTES = 5 * 1024 * 1024;
