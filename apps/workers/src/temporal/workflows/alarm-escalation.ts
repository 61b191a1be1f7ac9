/**
 * Workflow code runs in Temporal's deterministic sandbox: no I/O, no Node built-ins, and only activity *types*
 * imported. `Date.now()` here is workflow time, replayed identically.
 */
import {
  condition,
  continueAsNew,
  defineSignal,
  proxyActivities,
  setHandler,
  workflowInfo,
} from "@temporalio/workflow";
import {
  ESCALATION_ACKNOWLEDGED_SIGNAL,
  ESCALATION_CLEARED_SIGNAL,
  type AlarmEscalationInput,
} from "@industryos/temporal-client/workflows/escalation";
import type { createAlarmEscalationActivities, EscalationEnd } from "../activities/alarm-escalation.ts";
import { escalationStep, type EscalationPlan } from "../escalation-steps.ts";
import { startNotificationRequest } from "./start-notification-request.ts";

const { beginEscalation, scheduleEscalationStep, notifyEscalationStep, finishEscalation } = proxyActivities<
  ReturnType<typeof createAlarmEscalationActivities>
>({
  startToCloseTimeout: "1 minute",
  retry: { initialInterval: "1 second", backoffCoefficient: 2, maximumInterval: "1 minute" },
});

const acknowledgedSignal = defineSignal(ESCALATION_ACKNOWLEDGED_SIGNAL);
const clearedSignal = defineSignal(ESCALATION_CLEARED_SIGNAL);

/** A continued run carries the plan it started with and the next step, so policy edits never change it. */
interface Continued {
  plan: EscalationPlan;
  step: number;
}

/** Steps per run before continuing as new: keeps each run's history small for long repeating escalations. */
const STEPS_PER_RUN = 50;

/**
 * One alarm's escalation under one policy: each level's notification when it falls due (counted from the alarm's
 * start), then repeats of the last level, until the alarm is acknowledged or cleared (a signal, or the check made
 * before every notification), or the policy is disabled or deleted. Timers are durable: a worker restart resumes
 * the wait, and a step already notified is never notified again (replayed from history; the activity itself is
 * idempotent). AlarmEscalation keeps status, level, next time and what was sent.
 */
export async function alarmEscalationWorkflow(
  input: AlarmEscalationInput & { continued?: Continued },
): Promise<EscalationEnd> {
  let stopped: EscalationEnd | null = null;
  setHandler(acknowledgedSignal, () => void (stopped ??= "ACKNOWLEDGED"));
  setHandler(clearedSignal, () => void (stopped ??= "CLEARED"));
  const escalation = { tenantId: input.tenantId, alarmId: input.alarmId, policyId: input.policyId };

  let plan: EscalationPlan;
  if (input.continued) plan = input.continued.plan;
  else {
    const begun = await beginEscalation({ ...escalation, workflowId: workflowInfo().workflowId });
    if ("end" in begun) return begun.end;
    plan = begun.plan;
  }

  const first = input.continued?.step ?? 0;
  for (let n = first; ; n++) {
    const step = escalationStep(plan, n);
    if (!step) break;
    if (n - first >= STEPS_PER_RUN && stopped === null)
      return continueAsNew<typeof alarmEscalationWorkflow>({ ...escalation, continued: { plan, step: n } });
    // Repeats that fell due while the escalation could not run (workers down for hours) collapse into the last.
    const next = escalationStep(plan, n + 1);
    if (step.repeat > 0 && next && next.at <= Date.now()) continue;
    await scheduleEscalationStep({ ...escalation, at: step.at });
    const wait = step.at - Date.now();
    if (wait > 0 && stopped === null) await condition(() => stopped !== null, wait);
    if (stopped !== null) break;
    const level = plan.levels[step.level]!;
    const outcome = await notifyEscalationStep({
      ...escalation,
      step,
      targetIds: level.targetIds,
      templateId: level.templateId,
    });
    if ("end" in outcome) return outcome.end;
    await startNotificationRequest({ tenantId: input.tenantId, requestId: outcome.requestId }, outcome.workflowId);
  }
  const end: EscalationEnd = stopped ?? "COMPLETED";
  await finishEscalation({ ...escalation, status: end });
  return end;
}
