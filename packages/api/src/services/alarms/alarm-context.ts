import type { Actor } from "../../actor.ts";
import type { ApiDeps, TenantDb } from "../../deps.ts";

/** What the alarm service functions need of the process: the workers build it without the rest of the API's deps. */
export type AlarmDeps = Pick<ApiDeps, "db" | "redis" | "logger" | "uplinks">;

/**
 * The context `raiseAlarm` and `clearAlarmOf` take: a `TenantContext` fits, and so does
 * `alarmContext(deps, tenantId)` in the workers.
 */
export interface AlarmContext {
  deps: AlarmDeps;
  db: TenantDb;
  tenantId: string;
  actor: Actor;
}

/** Changes made by the rule engine: no user, so audit entries and comments name no one. */
export function ruleEngineActor(tenantId: string): Actor {
  return { userId: null, email: null, role: "TENANT_ADMIN", tenantId, customerId: null };
}

/** A context for one tenant's alarms outside a request (the workers' rule engine). */
export function alarmContext(
  deps: AlarmDeps,
  tenantId: string,
  actor: Actor = ruleEngineActor(tenantId),
): AlarmContext {
  return { deps, db: deps.db.forTenant(tenantId), tenantId, actor };
}

/** How comments and audit entries name who acted: the user's email, the API key, or the rule engine. */
export function actorLabel(actor: Actor): string {
  if (actor.email) return actor.email;
  if (actor.apiKeyId) return `API key ${actor.apiKeyId}`;
  return "the rule engine";
}
