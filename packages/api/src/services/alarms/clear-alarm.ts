import type { TenantContext } from "../../context.ts";
import { actorLabel } from "./alarm-context.ts";
import { toAlarmViews } from "./alarm-view.ts";
import { findVisibleAlarm } from "./find-visible-alarm.ts";
import { recordAlarmAction } from "./record-alarm-action.ts";
import type { AlarmView } from "./schemas.ts";

/**
 * Clears the alarm (ACTIVE_* → CLEARED_*), with a system comment, an audit entry and an
 * `ALARM_CLEAR` event; the next raise of its type on its originator creates a new alarm.
 * Clearing it again changes nothing.
 */
export async function clearAlarm(ctx: TenantContext, id: string): Promise<AlarmView> {
  const row = await findVisibleAlarm(ctx, id);
  if (row.cleared) return (await toAlarmViews(ctx, [row]))[0]!;
  const changed = await ctx.db.alarm.updateMany({
    where: { id, cleared: false },
    data: { cleared: true, clearTs: new Date() },
  });
  const [alarm] = await toAlarmViews(ctx, [await ctx.db.alarm.findUniqueOrThrow({ where: { id } })]);
  if (changed.count > 0) await recordAlarmAction(ctx, "cleared", alarm!, `Cleared by ${actorLabel(ctx.actor)}`);
  return alarm!;
}
