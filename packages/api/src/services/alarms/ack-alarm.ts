import type { TenantContext } from "../../context.ts";
import { actorLabel } from "./alarm-context.ts";
import { toAlarmViews } from "./alarm-view.ts";
import { findVisibleAlarm } from "./find-visible-alarm.ts";
import { recordAlarmAction } from "./record-alarm-action.ts";
import type { AlarmView } from "./schemas.ts";

/**
 * Acknowledges the alarm (ACTIVE_UNACK → ACTIVE_ACK, CLEARED_UNACK → CLEARED_ACK), with a system
 * comment, an audit entry and an `ALARM_ACK` event. Acknowledging it again changes nothing.
 */
export async function ackAlarm(ctx: TenantContext, id: string): Promise<AlarmView> {
  const row = await findVisibleAlarm(ctx, id);
  if (row.acknowledged) return (await toAlarmViews(ctx, [row]))[0]!;
  // Only one of two concurrent acknowledgements changes the row (and comments, audits, emits).
  const changed = await ctx.db.alarm.updateMany({
    where: { id, acknowledged: false },
    data: { acknowledged: true, ackTs: new Date() },
  });
  const [alarm] = await toAlarmViews(ctx, [await ctx.db.alarm.findUniqueOrThrow({ where: { id } })]);
  if (changed.count > 0)
    await recordAlarmAction(ctx, "acknowledged", alarm!, `Acknowledged by ${actorLabel(ctx.actor)}`);
  return alarm!;
}
