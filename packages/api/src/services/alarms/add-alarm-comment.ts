import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { emitAlarmEvent } from "./alarm-events.ts";
import { toAlarmViews } from "./alarm-view.ts";
import { toCommentViews } from "./comment-view.ts";
import { findVisibleAlarm } from "./find-visible-alarm.ts";
import type { AlarmCommentView, alarmCommentInput } from "./schemas.ts";

/** A person's comment on the alarm, with an audit entry and a `COMMENT_CREATED` event. */
export async function addAlarmComment(
  ctx: TenantContext,
  alarmId: string,
  input: z.infer<typeof alarmCommentInput>,
): Promise<AlarmCommentView> {
  const row = await findVisibleAlarm(ctx, alarmId);
  const comment = await ctx.db.alarmComment.create({
    data: { tenantId: ctx.tenantId, alarmId, userId: ctx.actor.userId, text: input.text },
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "ADDED_COMMENT",
    entityType: "ALARM",
    entityId: alarmId,
    entityName: row.type,
    actionData: { commentId: comment.id },
  });
  const [alarm] = await toAlarmViews(ctx, [row]);
  await emitAlarmEvent(ctx, "commented", alarm!, { comment: { id: comment.id, text: comment.text } });
  return (await toCommentViews(ctx, [comment]))[0]!;
}
