import type { TenantContext } from "../../context.ts";
import type { AlarmCommentView } from "./schemas.ts";

export interface CommentRow {
  id: string;
  alarmId: string;
  userId: string | null;
  text: string;
  createdAt: Date;
}

/** Comments with their authors' emails; a comment without a user is the platform's (SYSTEM). */
export async function toCommentViews(ctx: TenantContext, rows: readonly CommentRow[]): Promise<AlarmCommentView[]> {
  const userIds = [...new Set(rows.flatMap((r) => (r.userId ? [r.userId] : [])))];
  const users = userIds.length
    ? await ctx.db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } })
    : [];
  const emails = new Map(users.map((u) => [u.id, u.email]));
  return rows.map((r) => ({
    id: r.id,
    alarmId: r.alarmId,
    type: r.userId ? "OTHER" : "SYSTEM",
    userId: r.userId,
    userEmail: r.userId ? (emails.get(r.userId) ?? null) : null,
    text: r.text,
    createdAt: r.createdAt.getTime(),
  }));
}
