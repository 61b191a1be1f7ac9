import { Prisma } from "@industryos/db";
import type { AlarmContext } from "./alarm-context.ts";
import { emitAlarmEvent } from "./alarm-events.ts";
import { toAlarmView } from "./alarm-view.ts";
import { resolveOriginator, type AlarmOriginator } from "./originator.ts";
import type { AlarmView } from "./schemas.ts";

/**
 * Clears the originator's active alarm of `type` (the rule engine's clear): `details`, when
 * given (not undefined), replace the alarm's; `ts` (epoch milliseconds) is its clear time. Null
 * when there is no active alarm of that type, so a redelivered message changes nothing. Emits an
 * `ALARM_CLEAR` event into the rule engine and a message on `alarmsChannel(tenantId)`.
 */
export async function clearAlarmOf(
  ctx: AlarmContext,
  originator: AlarmOriginator,
  type: string,
  details: unknown,
  ts: number,
): Promise<{ alarm: AlarmView; change: "cleared" } | null> {
  const resolved = await resolveOriginator(ctx, originator);
  const active = await ctx.db.alarm.findFirst({
    where: { originatorId: resolved.id, type, cleared: false },
    select: { id: true },
  });
  if (!active) return null;
  const json = details === undefined ? undefined : (JSON.parse(JSON.stringify(details)) as unknown);
  const cleared = await ctx.db.alarm.updateMany({
    // Only if still active: two concurrent clears clear it once.
    where: { id: active.id, cleared: false },
    data: {
      cleared: true,
      clearTs: new Date(ts),
      ...(json === undefined ? {} : { details: json === null ? Prisma.DbNull : (json as Prisma.InputJsonValue) }),
    },
  });
  if (cleared.count === 0) return null;
  const alarm = toAlarmView(await ctx.db.alarm.findUniqueOrThrow({ where: { id: active.id } }), resolved.name);
  await emitAlarmEvent(ctx, "cleared", alarm);
  return { alarm, change: "cleared" };
}
