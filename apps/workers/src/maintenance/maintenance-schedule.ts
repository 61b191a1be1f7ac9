import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from "@temporalio/client";
import {
  TELEMETRY_MAINTENANCE_SCHEDULE_ID,
  TELEMETRY_MAINTENANCE_WORKFLOW,
} from "@industryos/temporal-client/workflows/maintenance";

/** Daily at 03:17 UTC: after midnight's new partition, away from the top of the hour most jobs pick. */
export const MAINTENANCE_TIME = { hour: 3, minute: 17 };

function scheduleOptions(taskQueue: string): ScheduleOptions {
  return {
    scheduleId: TELEMETRY_MAINTENANCE_SCHEDULE_ID,
    spec: { calendars: [{ hour: MAINTENANCE_TIME.hour, minute: MAINTENANCE_TIME.minute }] },
    action: { type: "startWorkflow", workflowType: TELEMETRY_MAINTENANCE_WORKFLOW, taskQueue, args: [] },
    // One run at a time; a day missed while Temporal was down runs once when it is back.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: "1 day" },
  };
}

/**
 * Creates the `telemetry-maintenance` schedule, or brings the existing one to the current spec and task queue.
 * Every workers process calls it at start; whichever comes second finds the schedule there.
 */
export async function ensureTelemetryMaintenanceSchedule(
  client: Client,
  taskQueue: string,
): Promise<"created" | "updated"> {
  const options = scheduleOptions(taskQueue);
  try {
    await client.schedule.create(options);
    return "created";
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(options.scheduleId).update((current) => ({
      ...current,
      spec: options.spec,
      action: options.action,
      policies: { ...current.policies, ...options.policies },
    }));
    return "updated";
  }
}
