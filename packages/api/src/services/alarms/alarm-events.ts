import { alarmsChannel, type PlatformEvent } from "@industryos/device-protocol";
import { uplinkPublisherFor } from "../telemetry/uplink-publisher.ts";
import type { AlarmContext } from "./alarm-context.ts";
import type { AlarmChange, AlarmChannelMessage, AlarmView } from "@industryos/device-protocol/alarm-view";

export type { AlarmChannelMessage };
export type AlarmEventChange = AlarmChange;

/** The rule engine's message type of each change, as ThingsBoard names them. */
export const ALARM_MESSAGE_TYPES = {
  created: "ALARM",
  updated: "ALARM",
  acknowledged: "ALARM_ACK",
  cleared: "ALARM_CLEAR",
  assigned: "ALARM_ASSIGNED",
  unassigned: "ALARM_UNASSIGNED",
  commented: "COMMENT_CREATED",
} as const satisfies Record<AlarmEventChange, string>;

/**
 * Tells the rule engine and WebSocket subscribers about a committed change of an alarm: a
 * platform event on the originator's rule-engine partition (through the one publisher the API
 * uses for everything it puts there; its outbox keeps the entry while Redis is away) with the
 * alarm as data, and a message on the tenant's alarms channel. Never throws: the change is
 * already committed, so a failure here is logged rather than answered as the change's failure.
 */
export async function emitAlarmEvent(
  ctx: AlarmContext,
  change: AlarmEventChange,
  alarm: AlarmView,
  extra: {
    comment?: { id: string; text: string };
    propagatedTo?: string[];
    /** On an update that changed the severity: the one before (metadata `previousAlarmSeverity`). */
    previousSeverity?: AlarmView["severity"];
  } = {},
): Promise<void> {
  const metadata: Record<string, string> = {
    alarmId: alarm.id,
    alarmType: alarm.type,
    alarmSeverity: alarm.severity,
    alarmStatus: alarm.status,
    alarmChange: change,
    ...(change === "created" ? { isNewAlarm: "true" } : {}),
    ...(change === "updated" ? { isExistingAlarm: "true" } : {}),
    ...(change === "cleared" ? { isClearedAlarm: "true" } : {}),
    ...(alarm.originatorName ? { originatorName: alarm.originatorName } : {}),
    ...(ctx.actor.userId ? { userId: ctx.actor.userId } : {}),
    ...(extra.comment ? { commentId: extra.comment.id, comment: extra.comment.text } : {}),
    ...(extra.previousSeverity && extra.previousSeverity !== alarm.severity
      ? { previousAlarmSeverity: extra.previousSeverity }
      : {}),
  };
  const event: PlatformEvent = {
    type: "EVENT",
    tenantId: ctx.tenantId,
    msgType: ALARM_MESSAGE_TYPES[change],
    originatorType: alarm.originatorType,
    originatorId: alarm.originatorId,
    receivedAt: Date.now(),
    metadata,
    data: JSON.stringify(alarm),
  };
  const toStream = uplinkPublisherFor(ctx.deps)([event]).catch((error: unknown) =>
    ctx.deps.logger.error({ err: error, alarmId: alarm.id, change }, "alarm event not appended to the rule engine"),
  );
  const toSubscribers = (async () => {
    const propagatedTo =
      extra.propagatedTo ??
      (await ctx.db.alarmPropagation.findMany({ where: { alarmId: alarm.id }, select: { entityId: true } })).map(
        (p) => p.entityId,
      );
    const message: AlarmChannelMessage = {
      change,
      alarm,
      propagatedTo,
      ...(extra.comment ? { comment: extra.comment } : {}),
    };
    await ctx.deps.redis.publish(alarmsChannel(ctx.tenantId), JSON.stringify(message));
  })().catch((error: unknown) =>
    ctx.deps.logger.warn({ err: error, alarmId: alarm.id, change }, "alarm change not published to subscribers"),
  );
  await Promise.all([toStream, toSubscribers]);
}
