import type { RuleServices } from "@industryos/rules";
import type { AlarmWrites } from "./alarm-writes.ts";

/**
 * The alarm nodes' `RuleServices.alarms` over the rule engine's alarm writes (alarm-writes.ts):
 * one active alarm per originator and type, idempotent under redelivery, each change emitted as an
 * `ALARM`/`ALARM_CLEAR` event into the rule engine and on the tenant's alarms channel. Invalid
 * input and an unknown originator fail as PermanentError (dead letter, no retry).
 */
export function createAlarmService(writes: AlarmWrites): RuleServices["alarms"] {
  return {
    async createOrUpdate(tenantId, originator, alarm) {
      const result = await writes.raise(tenantId, originator, alarm);
      return { alarmId: result.alarm.id, change: result.change };
    },
    async clear(tenantId, originator, type, details, ts) {
      const result = await writes.clear(tenantId, originator, type, details, ts);
      return result ? { alarmId: result.alarm.id, change: result.change } : null;
    },
  };
}
