import type { DatabaseClients } from "@industryos/db";
import { toAlarmView } from "@industryos/device-protocol/alarm-view";
import type { AlarmUnacknowledgedInput } from "@industryos/temporal-client/workflows/notification-rules";
import { alarmInfo } from "../../notification-rules/event-info.ts";
import { createNotificationRequest } from "../../notification-rules/notification-requests.ts";
import { originatorName } from "../../notification-rules/originator-name.ts";

export interface UnacknowledgedActivityDeps {
  db: Pick<DatabaseClients, "forTenant">;
}

/** Why nothing was sent: the alarm was acknowledged, cleared or deleted, or the rule disabled, changed or deleted. */
export type UnacknowledgedSkip = "ACKNOWLEDGED" | "CLEARED" | "ALARM_GONE" | "RULE_GONE" | "RULE_DISABLED";

export function createAlarmUnacknowledgedActivities({ db }: UnacknowledgedActivityDeps) {
  return {
    /**
     * Once the wait is over: the notification, if the alarm is still neither acknowledged nor cleared and the rule
     * still enabled and still about unacknowledged alarms. One request per rule and alarm (dedupKey
     * `{ruleId}:alarm:{alarmId}:unacknowledged`), so a retried activity does not notify twice.
     */
    async notifyUnacknowledgedAlarm(
      input: AlarmUnacknowledgedInput,
    ): Promise<{ requestId: string; workflowId: string } | { skipped: UnacknowledgedSkip }> {
      const scoped = db.forTenant(input.tenantId);
      const [rule, alarm] = await Promise.all([
        scoped.notificationRule.findUnique({ where: { id: input.ruleId } }),
        scoped.alarm.findUnique({ where: { id: input.alarmId } }),
      ]);
      if (!alarm) return { skipped: "ALARM_GONE" };
      if (alarm.cleared) return { skipped: "CLEARED" };
      if (alarm.acknowledged) return { skipped: "ACKNOWLEDGED" };
      if (!rule || rule.triggerType !== "ALARM_UNACKNOWLEDGED") return { skipped: "RULE_GONE" };
      if (!rule.enabled) return { skipped: "RULE_DISABLED" };
      const view = toAlarmView(alarm, await originatorName(scoped, alarm.originatorType, alarm.originatorId));
      const minutes = Math.round((input.dueAt - alarm.startTs.getTime()) / 60_000);
      return createNotificationRequest(scoped, input.tenantId, {
        ruleId: rule.id,
        templateId: rule.templateId,
        targetIds: rule.targetIds,
        dedupKey: `${rule.id}:alarm:${alarm.id}:unacknowledged`,
        originator: { type: "ALARM", id: alarm.id },
        info: await alarmInfo(scoped, view, "UNACKNOWLEDGED", { unacknowledgedMinutes: minutes }),
      }).then((r) => ({ requestId: r.id, workflowId: r.workflowId }));
    },
  };
}
