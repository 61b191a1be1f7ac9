import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { emitAlarmEvent, type AlarmEventChange } from "./alarm-events.ts";
import type { AlarmView } from "./schemas.ts";

/** The audit log's action type of each change a person makes, as ThingsBoard names them. */
const AUDIT_ACTIONS = {
  acknowledged: "ALARM_ACK",
  cleared: "ALARM_CLEAR",
  assigned: "ALARM_ASSIGNED",
  unassigned: "ALARM_UNASSIGNED",
} as const;

/**
 * After an acknowledgement, a clear or an assignment through the API: the alarm's system comment
 * ("Acknowledged by …"; no user, so it reads as the platform's), the audit entry, and the event
 * into the rule engine and to subscribers.
 */
export async function recordAlarmAction(
  ctx: TenantContext,
  change: keyof typeof AUDIT_ACTIONS,
  alarm: AlarmView,
  comment: string,
  actionData: Record<string, unknown> = {},
): Promise<void> {
  await ctx.db.alarmComment.create({
    data: { tenantId: ctx.tenantId, alarmId: alarm.id, userId: null, text: comment },
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: AUDIT_ACTIONS[change],
    entityType: "ALARM",
    entityId: alarm.id,
    entityName: alarm.type,
    actionData: { originatorType: alarm.originatorType, originatorId: alarm.originatorId, ...actionData },
  });
  await emitAlarmEvent(ctx, change satisfies AlarmEventChange, alarm);
}
