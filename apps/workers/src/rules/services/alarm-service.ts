import { alarmContext, ApiError, clearAlarmOf, raiseAlarm, type AlarmDeps } from "@industryos/api";
import { PermanentError, type Originator, type RuleServices } from "@industryos/rules";

const ORIGINATOR_TYPES = ["DEVICE", "ASSET", "CUSTOMER", "TENANT"] as const;
type AlarmOriginatorType = (typeof ORIGINATOR_TYPES)[number];

function alarmOriginator(originator: Originator) {
  if (!(ORIGINATOR_TYPES as readonly string[]).includes(originator.type))
    throw new PermanentError(`A ${originator.type} cannot have alarms`);
  return { type: originator.type as AlarmOriginatorType, id: originator.id };
}

/** An API error of the caller's making (4xx: unknown originator, invalid alarm) cannot pass on another attempt. */
function classify(error: unknown): never {
  if (error instanceof ApiError && error.status < 500) throw new PermanentError(error.message, { cause: error });
  throw error;
}

/**
 * Alarms through the API's alarm service (`raiseAlarm`, `clearAlarmOf` of `@industryos/api`):
 * one active alarm per originator and type, idempotent under redelivery, each change emitted as
 * an `ALARM`/`ALARM_CLEAR` event into the rule engine and on the tenant's alarms channel.
 */
export function createAlarmService(deps: AlarmDeps): RuleServices["alarms"] {
  return {
    async createOrUpdate(tenantId, originator, alarm) {
      try {
        const result = await raiseAlarm(alarmContext(deps, tenantId), {
          originator: alarmOriginator(originator),
          type: alarm.type,
          severity: alarm.severity,
          details: alarm.details,
          ts: alarm.ts,
        });
        return { alarmId: result.alarm.id, change: result.change };
      } catch (error) {
        return classify(error);
      }
    },
    async clear(tenantId, originator, type, details, ts) {
      try {
        const result = await clearAlarmOf(alarmContext(deps, tenantId), alarmOriginator(originator), type, details, ts);
        return result ? { alarmId: result.alarm.id, change: result.change } : null;
      } catch (error) {
        return classify(error);
      }
    },
  };
}
