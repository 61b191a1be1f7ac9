import { isDeepStrictEqual } from "node:util";
import { Prisma } from "@industryos/db";
import { z } from "zod";
import { ApiError } from "../../errors.ts";
import { uuid } from "../shared/paging.ts";
import type { AlarmContext } from "./alarm-context.ts";
import { emitAlarmEvent } from "./alarm-events.ts";
import { toAlarmView } from "./alarm-view.ts";
import { resolveOriginator } from "./originator.ts";
import { propagationTargets } from "./propagation.ts";
import { ALARM_ORIGINATOR_TYPES, ALARM_SEVERITIES, alarmPropagation, alarmType, type AlarmView } from "./schemas.ts";

export const raiseAlarmInput = z.object({
  originator: z.object({ type: z.enum(ALARM_ORIGINATOR_TYPES), id: uuid }),
  type: alarmType,
  severity: z.enum(ALARM_SEVERITIES),
  /** Any JSON; the rule engine passes the message's data. */
  details: z.unknown(),
  /** Epoch milliseconds of the event that raised it (the message's time). */
  ts: z.number().int().min(0),
  propagation: alarmPropagation.optional(),
});
export type RaiseAlarmInput = z.input<typeof raiseAlarmInput>;

export interface RaiseAlarmResult {
  alarm: AlarmView;
  /** `unchanged`: a repeat (same severity and details), a redelivered message, or one older than the alarm's last change. */
  change: "created" | "updated" | "unchanged";
}

/** Attempts before giving up when other calls keep creating and clearing the same alarm in between. */
const ATTEMPTS = 5;

/** JSON as stored: `undefined` becomes null, so comparing with what PostgreSQL returns is fair. */
const asJson = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value)));
const jsonColumn = (value: unknown) => (value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue));

function isActiveAlarmConflict(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * Raises an alarm of `type` on the originator, or updates its active one: there is at most one
 * uncleared alarm per tenant, originator and type (the partial unique index
 * `Alarm_one_active_key`). A repeat with another severity or other details updates the alarm; the
 * same severity and details change nothing (`unchanged`, no write). Safe under a redelivered
 * message and under concurrent calls: whichever insert loses the unique index reads the winner's
 * alarm and updates it instead. A raise older than the alarm's last change (`ts` before its
 * `endTs`), or older than the clearing of the latest alarm of that type, is a late or redelivered
 * message and changes nothing.
 *
 * The alarm's customer is the originator's (a device's or asset's customer); `propagation`
 * (default: none) writes the entities it also shows on as AlarmPropagation rows. Every change
 * emits an `ALARM` event into the rule engine and a message on `alarmsChannel(tenantId)`.
 */
export async function raiseAlarm(ctx: AlarmContext, input: RaiseAlarmInput): Promise<RaiseAlarmResult> {
  const parsed = raiseAlarmInput.safeParse(input);
  if (!parsed.success) throw new ApiError("VALIDATION_FAILED", "Invalid alarm", parsed.error.issues);
  const { type, severity, ts } = parsed.data;
  const details = asJson(parsed.data.details);
  const originator = await resolveOriginator(ctx, parsed.data.originator);
  const settings = parsed.data.propagation ?? alarmPropagation.parse({});
  const at = new Date(ts);

  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const active = await ctx.db.alarm.findFirst({ where: { originatorId: originator.id, type, cleared: false } });
    if (active) {
      if (ts < active.endTs.getTime() || (active.severity === severity && isDeepStrictEqual(active.details, details)))
        return { alarm: toAlarmView(active, originator.name), change: "unchanged" };
      // Only while still active: a clear in between frees the slot, and the next attempt raises a new alarm.
      const updated = await ctx.db.alarm.updateMany({
        where: { id: active.id, cleared: false },
        data: {
          severity,
          details: jsonColumn(details),
          endTs: at,
          propagate: settings.propagate,
          propagateRelationTypes: settings.propagateRelationTypes,
          propagateToOwner: settings.propagateToOwner,
          propagateToTenant: settings.propagateToTenant,
        },
      });
      if (updated.count === 0) continue;
      const targets = await propagationTargets(ctx, originator, settings);
      if (targets.length > 0)
        await ctx.db.alarmPropagation.createMany({
          data: targets.map((t) => ({ tenantId: ctx.tenantId, alarmId: active.id, ...t })),
          skipDuplicates: true,
        });
      const row = await ctx.db.alarm.findUniqueOrThrow({ where: { id: active.id } });
      const alarm = toAlarmView(row, originator.name);
      await emitAlarmEvent(ctx, "updated", alarm, { previousSeverity: active.severity });
      return { alarm, change: "updated" };
    }

    const lastCleared = await ctx.db.alarm.findFirst({
      where: { originatorId: originator.id, type, cleared: true },
      orderBy: { clearTs: "desc" },
      select: { clearTs: true },
    });
    if (lastCleared?.clearTs && ts < lastCleared.clearTs.getTime()) {
      const latest = await ctx.db.alarm.findFirstOrThrow({
        where: { originatorId: originator.id, type, cleared: true },
        orderBy: { clearTs: "desc" },
      });
      return { alarm: toAlarmView(latest, originator.name), change: "unchanged" };
    }

    const targets = await propagationTargets(ctx, originator, settings);
    let row;
    try {
      row = await ctx.db.$transaction(async (tx) => {
        const created = await tx.alarm.create({
          data: {
            tenantId: ctx.tenantId,
            customerId: originator.customerId,
            originatorType: originator.type,
            originatorId: originator.id,
            type,
            severity,
            details: jsonColumn(details),
            startTs: at,
            endTs: at,
            propagate: settings.propagate,
            propagateRelationTypes: settings.propagateRelationTypes,
            propagateToOwner: settings.propagateToOwner,
            propagateToTenant: settings.propagateToTenant,
          },
        });
        if (targets.length > 0)
          await tx.alarmPropagation.createMany({
            data: targets.map((t) => ({ tenantId: ctx.tenantId, alarmId: created.id, ...t })),
          });
        return created;
      });
    } catch (error) {
      // Another call created the active alarm first: read it and update it instead.
      if (isActiveAlarmConflict(error)) continue;
      throw error;
    }
    const alarm = toAlarmView(row, originator.name);
    await emitAlarmEvent(ctx, "created", alarm, { propagatedTo: targets.map((t) => t.entityId) });
    return { alarm, change: "created" };
  }
  throw new ApiError("CONFLICT", `The ${type} alarm kept changing; try again`);
}
