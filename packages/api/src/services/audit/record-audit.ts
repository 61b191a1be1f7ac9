import type { EntityType } from "@industryos/db";
import type { Actor } from "../../actor.ts";
import type { SystemDb, TenantDb } from "../../deps.ts";

export interface AuditEntry {
  actionType: string;
  entityType?: EntityType;
  entityId?: string;
  entityName?: string;
  actionData?: Record<string, unknown>;
  status?: "SUCCESS" | "FAILURE";
  failureDetails?: string;
}

/** One row per change, written with the same client (and tenant) as the change itself. */
export async function recordAudit(
  db: TenantDb | SystemDb,
  tenantId: string | null,
  actor: Actor | null,
  entry: AuditEntry,
) {
  await db.auditLog.create({
    data: {
      tenantId,
      customerId: actor?.customerId ?? null,
      userId: actor?.userId ?? null,
      userEmail: actor?.email ?? (actor?.apiKeyId ? `api-key:${actor.apiKeyId}` : null),
      entityType: entry.entityType ?? null,
      entityId: entry.entityId ?? null,
      entityName: entry.entityName ?? null,
      actionType: entry.actionType,
      actionData: (entry.actionData ?? undefined) as never,
      status: entry.status ?? "SUCCESS",
      failureDetails: entry.failureDetails ?? null,
    },
  });
}
