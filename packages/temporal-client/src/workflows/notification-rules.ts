// Notification rules that wait: "an alarm still unacknowledged N minutes after it started". The rule engine starts
// one workflow per rule and alarm when the alarm is created; it sleeps until `dueAt`, then notifies unless the
// alarm was acknowledged or cleared meanwhile. Types and constants only: workflow code imports this file too.

export const ALARM_UNACKNOWLEDGED_WORKFLOW = "alarmUnacknowledgedWorkflow";

export interface AlarmUnacknowledgedInput {
  tenantId: string;
  ruleId: string;
  alarmId: string;
  /** Epoch milliseconds: the alarm's start plus the rule's `afterMinutes`. */
  dueAt: number;
}

/** One per rule and alarm, started with REJECT_DUPLICATE: a redelivered alarm event finds the first. */
export const alarmUnacknowledgedWorkflowId = (ruleId: string, alarmId: string) =>
  `alarm-unacknowledged:${ruleId}:${alarmId}`;
