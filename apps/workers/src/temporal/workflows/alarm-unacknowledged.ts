/**
 * Workflow code runs in Temporal's deterministic sandbox: no I/O, no Node built-ins, and only activity *types*
 * imported. `Date.now()` here is workflow time, replayed identically.
 */
import { proxyActivities, sleep } from "@temporalio/workflow";
import type { AlarmUnacknowledgedInput } from "@industryos/temporal-client/workflows/notification-rules";
import type { createAlarmUnacknowledgedActivities, UnacknowledgedSkip } from "../activities/alarm-unacknowledged.ts";
import { startNotificationRequest } from "./start-notification-request.ts";

const { notifyUnacknowledgedAlarm } = proxyActivities<ReturnType<typeof createAlarmUnacknowledgedActivities>>({
  startToCloseTimeout: "1 minute",
  retry: { initialInterval: "1 second", backoffCoefficient: 2, maximumInterval: "1 minute" },
});

/**
 * "Alarm unacknowledged for N minutes": sleeps until `dueAt` (a durable timer), then notifies unless the alarm was
 * acknowledged or cleared meanwhile, or the rule disabled or removed (the activity looks at the moment it is due,
 * so no signal is needed and none can be missed). Returns the request's id or why nothing was sent.
 */
export async function alarmUnacknowledgedWorkflow(
  input: AlarmUnacknowledgedInput,
): Promise<{ requestId: string } | { skipped: UnacknowledgedSkip }> {
  const wait = input.dueAt - Date.now();
  if (wait > 0) await sleep(wait);
  const outcome = await notifyUnacknowledgedAlarm(input);
  if ("skipped" in outcome) return outcome;
  await startNotificationRequest({ tenantId: input.tenantId, requestId: outcome.requestId }, outcome.workflowId);
  return { requestId: outcome.requestId };
}
