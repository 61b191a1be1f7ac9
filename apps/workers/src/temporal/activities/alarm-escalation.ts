import { escalationLevels, type EscalationLevel } from "@industryos/api";
import type { DatabaseClients, TenantClient } from "@industryos/db";
import { toAlarmView } from "@industryos/device-protocol/alarm-view";
import type { AlarmEscalationInput, EscalationHistoryEntry } from "@industryos/temporal-client/workflows/escalation";
import { alarmInfo } from "../../notification-rules/event-info.ts";
import { createNotificationRequest } from "../../notification-rules/notification-requests.ts";
import { originatorName } from "../../notification-rules/originator-name.ts";
import type { EscalationPlan, EscalationStep } from "../escalation-steps.ts";

export interface EscalationActivityDeps {
  db: Pick<DatabaseClients, "forTenant">;
}

/** Why an escalation stopped (AlarmEscalation.status). */
export type EscalationEnd = "ACKNOWLEDGED" | "CLEARED" | "COMPLETED" | "CANCELLED";

/** A level inherits the template of the level before when it names none (the API requires one on the first). */
function resolveLevels(levels: EscalationLevel[]) {
  let template = "";
  return levels.map((level) => {
    template = level.templateId ?? template;
    return { afterMinutes: level.afterMinutes, targetIds: level.targetIds, templateId: template };
  });
}

/** Where the alarm stands: gone, acknowledged or cleared ends an escalation. */
async function alarmEnd(db: TenantClient, alarmId: string): Promise<EscalationEnd | null> {
  const alarm = await db.alarm.findUnique({ where: { id: alarmId }, select: { acknowledged: true, cleared: true } });
  if (!alarm) return "CANCELLED";
  if (alarm.cleared) return "CLEARED";
  if (alarm.acknowledged) return "ACKNOWLEDGED";
  return null;
}

const key = (input: AlarmEscalationInput) => ({
  tenantId_alarmId_policyId: { tenantId: input.tenantId, alarmId: input.alarmId, policyId: input.policyId },
});

/**
 * The escalation workflow's reach into the database, all under the tenant's row-level security. Each is safe to
 * run again (Temporal retries an activity whose worker died mid-way): the notification of a step is one request
 * (dedupKey `escalation:{alarmId}:{policyId}:{level}:{repeat}`) and one history entry whatever the retries.
 */
export function createAlarmEscalationActivities({ db }: EscalationActivityDeps) {
  async function finishEscalation(input: AlarmEscalationInput & { status: EscalationEnd }): Promise<void> {
    await db.forTenant(input.tenantId).alarmEscalation.updateMany({
      where: { alarmId: input.alarmId, policyId: input.policyId, status: "RUNNING" },
      data: { status: input.status, nextLevelAt: null },
    });
  }

  return {
    finishEscalation,

    /** The policy as this escalation will run it, or why there is nothing to escalate (the row is closed then). */
    async beginEscalation(
      input: AlarmEscalationInput & { workflowId: string },
    ): Promise<{ plan: EscalationPlan } | { end: EscalationEnd }> {
      const scoped = db.forTenant(input.tenantId);
      const [policy, alarm] = await Promise.all([
        scoped.escalationPolicy.findUnique({ where: { id: input.policyId } }),
        scoped.alarm.findUnique({ where: { id: input.alarmId }, select: { startTs: true } }),
      ]);
      const levels = escalationLevels.safeParse(policy?.levels);
      // The rule engine writes the row before it starts the workflow; one started otherwise gets it here.
      if (policy && alarm)
        await scoped.alarmEscalation.upsert({
          where: key(input),
          create: {
            tenantId: input.tenantId,
            alarmId: input.alarmId,
            policyId: input.policyId,
            workflowId: input.workflowId,
          },
          update: {},
        });
      const end =
        !policy || !alarm || !policy.enabled || !levels.success ? "CANCELLED" : await alarmEnd(scoped, input.alarmId);
      if (end) {
        await finishEscalation({ ...input, status: end });
        return { end };
      }
      return {
        plan: {
          startTs: alarm!.startTs.getTime(),
          levels: resolveLevels(levels.data!),
          repeatEveryMinutes: policy!.repeatEveryMinutes,
          repeatLimit: policy!.repeatLimit,
        },
      };
    },

    /** Shows when the next notification is due (null: none). */
    async scheduleEscalationStep(input: AlarmEscalationInput & { at: number | null }): Promise<void> {
      await db.forTenant(input.tenantId).alarmEscalation.updateMany({
        where: { alarmId: input.alarmId, policyId: input.policyId, status: "RUNNING" },
        data: { nextLevelAt: input.at === null ? null : new Date(input.at) },
      });
    },

    /**
     * The notification of one step, unless the alarm was acknowledged, cleared or deleted, or the policy disabled
     * or deleted meanwhile (a missed signal changes nothing: this looks). Writes the request and the history entry;
     * the workflow starts the request's workflow.
     */
    async notifyEscalationStep(
      input: AlarmEscalationInput & { step: EscalationStep; targetIds: string[]; templateId: string },
    ): Promise<{ requestId: string; workflowId: string } | { end: EscalationEnd }> {
      const scoped = db.forTenant(input.tenantId);
      const [end, policy, row] = await Promise.all([
        alarmEnd(scoped, input.alarmId),
        scoped.escalationPolicy.findUnique({ where: { id: input.policyId }, select: { enabled: true } }),
        scoped.alarmEscalation.findUnique({ where: key(input), select: { status: true } }),
      ]);
      const stop = end ?? (!policy?.enabled || !row || row.status !== "RUNNING" ? "CANCELLED" : null);
      if (stop) {
        await finishEscalation({ ...input, status: stop });
        return { end: stop };
      }
      const alarm = await scoped.alarm.findUniqueOrThrow({ where: { id: input.alarmId } });
      const view = toAlarmView(alarm, await originatorName(scoped, alarm.originatorType, alarm.originatorId));
      const { level, repeat, at } = input.step;
      const request = await createNotificationRequest(scoped, input.tenantId, {
        ruleId: null,
        templateId: input.templateId,
        targetIds: input.targetIds,
        dedupKey: `escalation:${input.alarmId}:${input.policyId}:${level}:${repeat}`,
        originator: { type: "ALARM", id: input.alarmId },
        info: await alarmInfo(scoped, view, "ESCALATED", { escalationLevel: level + 1, escalationRepeat: repeat }),
      });
      await scoped.$transaction(async (tx) => {
        const current = await tx.alarmEscalation.findUniqueOrThrow({ where: key(input), select: { history: true } });
        const history = (Array.isArray(current.history) ? current.history : []) as unknown as EscalationHistoryEntry[];
        if (history.some((h) => h.requestId === request.id)) return;
        const entry: EscalationHistoryEntry = {
          level,
          repeat,
          at: new Date(at).toISOString(),
          requestId: request.id,
          targetIds: input.targetIds,
        };
        await tx.alarmEscalation.update({
          where: key(input),
          data: { currentLevel: level, history: [...history, entry] as object[] },
        });
      });
      return { requestId: request.id, workflowId: request.workflowId };
    },
  };
}
