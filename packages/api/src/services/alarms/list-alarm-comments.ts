import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { skipTake, type Page } from "../shared/paging.ts";
import { toCommentViews } from "./comment-view.ts";
import { findVisibleAlarm } from "./find-visible-alarm.ts";
import type { AlarmCommentView, listAlarmCommentsInput } from "./schemas.ts";

/** The alarm's comments, its timeline: system comments (acknowledged, cleared, assigned) and people's, oldest first. */
export async function listAlarmComments(
  ctx: TenantContext,
  alarmId: string,
  input: z.infer<typeof listAlarmCommentsInput>,
): Promise<Page<AlarmCommentView>> {
  await findVisibleAlarm(ctx, alarmId);
  const where = { alarmId };
  const [rows, total] = await Promise.all([
    ctx.db.alarmComment.findMany({
      where,
      orderBy: [{ createdAt: input.sortOrder }, { id: input.sortOrder }],
      ...skipTake(input),
    }),
    ctx.db.alarmComment.count({ where }),
  ]);
  return { data: await toCommentViews(ctx, rows), total, page: input.page, pageSize: input.pageSize };
}
