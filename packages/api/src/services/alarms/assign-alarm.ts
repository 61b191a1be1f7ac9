import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { actorLabel } from "./alarm-context.ts";
import { toAlarmViews } from "./alarm-view.ts";
import { findVisibleAlarm } from "./find-visible-alarm.ts";
import { recordAlarmAction } from "./record-alarm-action.ts";
import type { AlarmView, assignAlarmInput } from "./schemas.ts";

/**
 * Assigns the alarm to a user of the tenant (row-level security makes another tenant's user
 * unknown: 422), or unassigns it (`userId: null`); a system comment, an audit entry and an
 * `ALARM_ASSIGNED` / `ALARM_UNASSIGNED` event. The same assignee again changes nothing.
 */
export async function assignAlarm(
  ctx: TenantContext,
  id: string,
  input: z.infer<typeof assignAlarmInput>,
): Promise<AlarmView> {
  const row = await findVisibleAlarm(ctx, id);
  const assignee = input.userId
    ? await ctx.db.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true } })
    : null;
  if (input.userId && !assignee)
    throw new ApiError("VALIDATION_FAILED", "The user is not a user of this tenant", [
      { path: ["userId"], message: "Unknown user" },
    ]);
  if (row.assigneeId === input.userId) return (await toAlarmViews(ctx, [row]))[0]!;
  await ctx.db.alarm.update({
    where: { id },
    data: { assigneeId: input.userId, assignTs: input.userId ? new Date() : null },
  });
  const [alarm] = await toAlarmViews(ctx, [await ctx.db.alarm.findUniqueOrThrow({ where: { id } })]);
  const by = actorLabel(ctx.actor);
  await (assignee
    ? recordAlarmAction(ctx, "assigned", alarm!, `Assigned to ${assignee.email} by ${by}`, { assigneeId: assignee.id })
    : recordAlarmAction(ctx, "unassigned", alarm!, `Unassigned by ${by}`, { previousAssigneeId: row.assigneeId }));
  return alarm!;
}
