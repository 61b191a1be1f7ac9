import type { AlarmWrites } from "../services/alarm-writes.ts";
import type { ProfileAlarmActions } from "./evaluator.ts";

/**
 * Raise and clear as the rule engine's changes (no user), through its alarm writes
 * (services/alarm-writes.ts): one active alarm per device and type, idempotent under
 * redelivery, the rule's propagation stored on the alarm, each change emitted as an
 * `ALARM`/`ALARM_CLEAR` event into the rule engine and on the tenant's alarms channel.
 */
export function createProfileAlarmActions(writes: AlarmWrites): ProfileAlarmActions {
  return {
    async raise(tenantId, deviceId, input) {
      const { alarm } = await writes.raise(tenantId, { type: "DEVICE", id: deviceId }, input);
      return { id: alarm.id, severity: alarm.severity, active: !alarm.status.startsWith("CLEARED") };
    },
    async clear(tenantId, deviceId, type, ts) {
      // Details stay those of the raise: the values that triggered the alarm.
      await writes.clear(tenantId, { type: "DEVICE", id: deviceId }, type, undefined, ts);
    },
  };
}
