import { emitAlarmEvent, ruleEngineActor, type AlarmContext, type AlarmDeps, type AlarmView } from "@industryos/api";
import type { TelemetryDatabase } from "@industryos/db/telemetry";
import { toAlarmView } from "@industryos/device-protocol/alarm-view";
import { PermanentError, type AlarmSeverity } from "@industryos/rules";
import {
  ALARM_ORIGINATOR_TYPES,
  clearStatement,
  raiseStatement,
  type AlarmOriginatorType,
  type AlarmStatementRow,
} from "./alarm-statements.ts";
import { isUuid } from "./entity-service.ts";

export interface AlarmOriginator {
  type: string;
  id: string;
}

export interface RaiseAlarm {
  type: string;
  severity: AlarmSeverity;
  /** Any JSON: the message's data, or the values that triggered a profile rule. */
  details: unknown;
  /** Epoch milliseconds of the message that raised it. */
  ts: number;
  /** Default: shown on its originator only. */
  propagation?: {
    propagate: boolean;
    propagateRelationTypes: string[];
    propagateToOwner: boolean;
    propagateToTenant: boolean;
  };
}

export interface AlarmWrites {
  /** `unchanged`: a repeat (same severity and details), a redelivered message, or one older than the alarm's last change. */
  raise(
    tenantId: string,
    originator: AlarmOriginator,
    alarm: RaiseAlarm,
  ): Promise<{ alarm: AlarmView; change: "created" | "updated" | "unchanged" }>;
  /** Null when the originator has no active alarm of `type` (a redelivered clear changes nothing). */
  clear(
    tenantId: string,
    originator: AlarmOriginator,
    type: string,
    details: unknown,
    ts: number,
  ): Promise<{ alarm: AlarmView; change: "cleared" } | null>;
}

export interface AlarmWritesDeps {
  /**
   * The raw-pg transaction under the tenant's row-level security (@industryos/db's `asTenant`),
   * or its one-round-trip prepared form where the database offers it (`executeAsTenant`).
   */
  sql: Pick<TelemetryDatabase, "asTenant" | "executeAsTenant">;
  /** The redis, logger and uplink publisher the ALARM events go through. */
  events: AlarmDeps;
}

/** Statement runs before giving up when other calls keep creating and clearing the same alarm in between. */
const ATTEMPTS = 5;
const NO_PROPAGATION = {
  propagate: false,
  propagateRelationTypes: [],
  propagateToOwner: false,
  propagateToTenant: false,
};

/** What the API's zod schema refuses with a 400, refused here as a permanent failure (no retry helps). */
function checkedOriginator(originator: AlarmOriginator): AlarmOriginatorType {
  if (!(ALARM_ORIGINATOR_TYPES as readonly string[]).includes(originator.type))
    throw new PermanentError(`A ${originator.type} cannot have alarms`);
  if (!isUuid(originator.id)) throw new PermanentError(`Invalid alarm originator id ${originator.id}`);
  return originator.type as AlarmOriginatorType;
}

function checkedType(type: string): string {
  const trimmed = type.trim();
  if (trimmed.length === 0 || trimmed.length > 255) throw new PermanentError("Invalid alarm type");
  return trimmed;
}

/** JSON as stored: undefined and null become SQL NULL (as the API's Prisma writes do). */
const jsonParam = (value: unknown): string | null => (value == null ? null : JSON.stringify(value));

const notFound = (type: AlarmOriginatorType) =>
  new PermanentError(`${type.charAt(0)}${type.slice(1).toLowerCase()} not found`);

/**
 * The rule engine's alarm writes (action nodes and device-profile rules) as one raw SQL statement
 * each (alarm-statements.ts) in a transaction under the tenant's row-level security, with the
 * same outcome as the API's `raiseAlarm` / `clearAlarmOf` over Prisma, whose five transactions per
 * raise took most of the rule engine's CPU (bench/rules/README.md). Each change is emitted by the
 * API's own `emitAlarmEvent`: the same ALARM / ALARM_CLEAR event into the rule engine and message
 * on the tenant's alarms channel.
 */
export function createAlarmWrites(deps: AlarmWritesDeps): AlarmWrites {
  const contextOf = (tenantId: string): AlarmContext => ({
    deps: deps.events,
    // Made only if read (a tenant-scoped Prisma client costs ~1 ms of CPU to make): every emit
    // below names the alarm's propagations itself, so `emitAlarmEvent` has no query to run.
    get db() {
      return deps.events.db.forTenant(tenantId);
    },
    tenantId,
    actor: ruleEngineActor(tenantId),
  });

  /**
   * One alarm statement under the tenant: prepared per connection as `name` and sent in one round
   * trip where the database can (an alarm update's BEGIN and COMMIT round trips showed among the
   * rule engine's socket writes, bench/rules/README.md), else in asTenant's transaction.
   */
  async function run(
    tenantId: string,
    name: string,
    text: string,
    params: unknown[],
  ): Promise<AlarmStatementRow | undefined> {
    const { rows } = deps.sql.executeAsTenant
      ? await deps.sql.executeAsTenant<AlarmStatementRow>(tenantId, name, text, params)
      : await deps.sql.asTenant(tenantId, (client) => client.query<AlarmStatementRow>(text, params));
    return rows[0];
  }

  return {
    async raise(tenantId, originator, input) {
      const originatorType = checkedOriginator(originator);
      const type = checkedType(input.type);
      const p = input.propagation ?? NO_PROPAGATION;
      const params = [
        originator.id,
        type,
        input.severity,
        jsonParam(input.details),
        new Date(input.ts),
        tenantId,
        originatorType,
        p.propagate,
        p.propagateRelationTypes,
        p.propagateToOwner,
        p.propagateToTenant,
      ];
      const text = raiseStatement(originatorType);
      const name = `rule_alarm_raise_${originatorType.toLowerCase()}`;
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const row = await run(tenantId, name, text, params);
        if (!row) continue; // a concurrent raise inserted it first: the next run updates it
        if (row.change === "missing") throw notFound(originatorType);
        const alarm = toAlarmView(row, row.originator_name);
        if (row.change === "unchanged") return { alarm, change: "unchanged" };
        if (row.change === "created") {
          await emitAlarmEvent(contextOf(tenantId), "created", alarm, { propagatedTo: row.propagated_to });
          return { alarm, change: "created" };
        }
        await emitAlarmEvent(contextOf(tenantId), "updated", alarm, {
          propagatedTo: row.propagated_to,
          previousSeverity: row.previous_severity ?? undefined,
        });
        return { alarm, change: "updated" };
      }
      throw new Error(`The ${type} alarm kept changing; try again`);
    },

    async clear(tenantId, originator, type, details, ts) {
      const originatorType = checkedOriginator(originator);
      const params = [originator.id, type, new Date(ts), details !== undefined, jsonParam(details)];
      const name = `rule_alarm_clear_${originatorType.toLowerCase()}`;
      const row = await run(tenantId, name, clearStatement(originatorType), params);
      if (!row) return null;
      if (row.change === "missing") throw notFound(originatorType);
      const alarm = toAlarmView(row, row.originator_name);
      await emitAlarmEvent(contextOf(tenantId), "cleared", alarm, { propagatedTo: row.propagated_to });
      return { alarm, change: "cleared" };
    },
  };
}
