import type { UplinkPublisher } from "@industryos/device-bus";
import { uplinkRuleEngineEntry, type PlatformEvent, type RuleEngineMessage } from "@industryos/device-protocol";
import type { Logger } from "@industryos/runtime";

/** The alarm changes integrators and notification rules wait for. */
const ALARM_TYPES = new Set(["ALARM", "ALARM_ACK", "ALARM_CLEAR"]);

/** Alarm events being handled at once; past it the stream's copy alone serves the rest (an alarm storm). */
const MAX_IN_FLIGHT = 500;

/** Who takes an alarm event at once, given as a one-entry `msgs` field list (the stream's own encoding). */
export type AlarmEventHandler = (fields: string[]) => Promise<void>;

/**
 * Alarm events the chains cause go on their originator's partition stream (chains see them there)
 * and, at the same time, straight to `handlers` (the webhook dispatcher, the notification rules):
 * on the stream they wait behind whatever telemetry the partition has not processed yet, seconds
 * under load, and an alarm's notification should not. Best effort: when a handler fails or too many
 * are in flight, the stream's copy is still processed as before; and idempotent: the stream's copy
 * finds the webhook deliveries (an alarm event's id follows from the alarm and the change, not the
 * entry) and notification requests (their dedupKey) made here, and sends nothing twice.
 */
export function withAlarmFastPath(
  publish: UplinkPublisher,
  handlers: () => AlarmEventHandler[],
  logger: Logger,
): UplinkPublisher {
  let inFlight = 0;
  return async (messages) => {
    const alarms = messages.filter(
      (m: RuleEngineMessage): m is PlatformEvent => m.type === "EVENT" && ALARM_TYPES.has(m.msgType) && !m.resume,
    );
    if (alarms.length > 0 && inFlight < MAX_IN_FLIGHT) {
      const fields = ["msgs", uplinkRuleEngineEntry(alarms).toString("utf8")];
      for (const handle of handlers()) {
        inFlight++;
        void handle(fields)
          .catch((error: unknown) =>
            logger.warn({ err: error }, "alarm event not handled at once; its stream entry will be"),
          )
          .finally(() => inFlight--);
      }
    }
    await publish(messages);
  };
}
