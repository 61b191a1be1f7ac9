import type { Actor } from "./actor.ts";
import type { ApiDeps, TenantDb } from "./deps.ts";

/**
 * What every tenant service receives: the tenant and the actor are explicit arguments, and the
 * database client is already limited to that tenant by row-level security.
 */
export interface TenantContext {
  deps: ApiDeps;
  db: TenantDb;
  tenantId: string;
  actor: Actor;
}

export function tenantContext(deps: ApiDeps, actor: Actor & { tenantId: string }): TenantContext {
  return { deps, db: deps.db.forTenant(actor.tenantId), tenantId: actor.tenantId, actor };
}
