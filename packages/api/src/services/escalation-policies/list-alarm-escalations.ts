import type { EscalationHistoryEntry } from "@industryos/temporal-client/workflows/escalation";
import type { TenantContext } from "../../context.ts";
import { findVisibleAlarm } from "../alarms/find-visible-alarm.ts";
import type { AlarmEscalationView } from "./schemas.ts";

const historyOf = (value: unknown): EscalationHistoryEntry[] =>
  Array.isArray(value) ? (value as EscalationHistoryEntry[]) : [];

/**
 * The alarm's escalations, oldest first: where each stands (status, last level notified, when the next is due)
 * and every notification it sent with its request's status. Whoever may see the alarm may see them.
 */
export async function listAlarmEscalations(
  ctx: TenantContext,
  alarmId: string,
): Promise<{ data: AlarmEscalationView[] }> {
  await findVisibleAlarm(ctx, alarmId);
  const rows = await ctx.db.alarmEscalation.findMany({
    where: { alarmId },
    include: { policy: { select: { name: true, levels: true } } },
    orderBy: { createdAt: "asc" },
  });
  const requestIds = rows.flatMap((r) => historyOf(r.history).map((h) => h.requestId));
  const requests = requestIds.length
    ? await ctx.db.notificationRequest.findMany({
        where: { id: { in: requestIds } },
        select: { id: true, status: true },
      })
    : [];
  const statusOf = new Map(requests.map((r) => [r.id, r.status as string]));
  return {
    data: rows.map((row) => ({
      id: row.id,
      policyId: row.policyId,
      policyName: row.policy.name,
      status: row.status,
      currentLevel: row.currentLevel,
      levelCount: Array.isArray(row.policy.levels) ? row.policy.levels.length : 0,
      nextLevelAt: row.nextLevelAt?.toISOString() ?? null,
      sent: historyOf(row.history).map((h) => ({
        level: h.level,
        repeat: h.repeat,
        at: h.at,
        requestId: h.requestId,
        targetIds: h.targetIds,
        status: statusOf.get(h.requestId) ?? null,
      })),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    })),
  };
}
