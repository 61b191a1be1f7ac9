// Alarm escalation: one workflow per alarm and policy, started by the rule engine when a matching alarm is created,
// stopped by the signals below when the alarm is acknowledged or cleared. Types and constants only: workflow code
// imports this file too.

export const ALARM_ESCALATION_WORKFLOW = "alarmEscalationWorkflow";

export interface AlarmEscalationInput {
  tenantId: string;
  alarmId: string;
  policyId: string;
}

/** One escalation per alarm and policy; started with REJECT_DUPLICATE, so a redelivered event never starts a second. */
export const alarmEscalationWorkflowId = (alarmId: string, policyId: string) =>
  `alarm-escalation:${alarmId}:${policyId}`;

/** Sent (no payload) when the alarm is acknowledged or cleared, whoever did it: the escalation stops. */
export const ESCALATION_ACKNOWLEDGED_SIGNAL = "acknowledged";
export const ESCALATION_CLEARED_SIGNAL = "cleared";

/** One notification an escalation sent, as AlarmEscalation.history keeps it. */
export interface EscalationHistoryEntry {
  /** The policy level notified (0-based). */
  level: number;
  /** 0 for the level itself, 1, 2, ... for its repeats. */
  repeat: number;
  /** When it was due and sent (ISO 8601, workflow time). */
  at: string;
  requestId: string;
  targetIds: string[];
}
