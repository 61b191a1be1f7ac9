import type { Actor } from "../../actor.ts";
import type { ApiDeps, TenantDb } from "../../deps.ts";

/** What running a job's items needs of the process: the workers build it without the rest of the API's deps. */
export type BulkJobDeps = Pick<ApiDeps, "db" | "redis" | "logger" | "uplinks">;

/** A `TenantContext` fits; so does `bulkJobContext(deps, tenantId, actor)` in the workers. */
export interface BulkJobContext {
  deps: BulkJobDeps;
  db: TenantDb;
  tenantId: string;
  actor: Actor;
}

/** Who started the job, as the job's input records it, so audit entries and events name them. */
export interface JobActor {
  userId: string | null;
  email: string | null;
  apiKeyId?: string;
}

export function jobActorOf(actor: Actor): JobActor {
  return { userId: actor.userId, email: actor.email, ...(actor.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}) };
}

export function bulkJobContext(deps: BulkJobDeps, tenantId: string, actor: JobActor | undefined): BulkJobContext {
  return {
    deps,
    db: deps.db.forTenant(tenantId),
    tenantId,
    actor: {
      userId: actor?.userId ?? null,
      email: actor?.email ?? null,
      role: "TENANT_ADMIN",
      tenantId,
      customerId: null,
      ...(actor?.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}),
    },
  };
}
