import { alarmContext, ApiError, clearAlarmOf, raiseAlarm, type AlarmDeps } from "@industryos/api";
import { PermanentError } from "@industryos/rules";
import type { ProfileAlarmActions } from "./evaluator.ts";

/** An API error of the rule's making (4xx: the device is gone, an invalid alarm) cannot pass on another attempt. */
function classify(error: unknown): never {
  if (error instanceof ApiError && error.status < 500) throw new PermanentError(error.message, { cause: error });
  throw error;
}

/**
 * Raise and clear through the API's alarm service (`raiseAlarm`, `clearAlarmOf`), as the rule
 * engine's changes (no user): one active alarm per device and type, idempotent under
 * redelivery, the rule's propagation stored on the alarm, each change emitted as an
 * `ALARM`/`ALARM_CLEAR` event into the rule engine and on the tenant's alarms channel.
 */
export function createProfileAlarmActions(deps: AlarmDeps): ProfileAlarmActions {
  return {
    async raise(tenantId, deviceId, input) {
      try {
        const { alarm } = await raiseAlarm(alarmContext(deps, tenantId), {
          originator: { type: "DEVICE", id: deviceId },
          type: input.type,
          severity: input.severity,
          details: input.details,
          ts: input.ts,
          propagation: input.propagation,
        });
        return { id: alarm.id, severity: alarm.severity, active: !alarm.status.startsWith("CLEARED") };
      } catch (error) {
        return classify(error);
      }
    },
    async clear(tenantId, deviceId, type, ts) {
      try {
        // Details stay those of the raise: the values that triggered the alarm.
        await clearAlarmOf(alarmContext(deps, tenantId), { type: "DEVICE", id: deviceId }, type, undefined, ts);
      } catch (error) {
        classify(error);
      }
    },
  };
}
