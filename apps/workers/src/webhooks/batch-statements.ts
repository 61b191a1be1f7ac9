import type { AttemptRecord, NewDelivery } from "./delivery-store.ts";
import type { TenantStatement } from "./tenants-in-one-round-trip.ts";

/** Groups rows by tenant, tenants in id order (every batch takes their locks in the same order). */
export function byTenant<T extends { tenantId: string }>(rows: readonly T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.tenantId);
    if (group) group.push(row);
    else groups.set(row.tenantId, [row]);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const INSERT_DELIVERIES = `
INSERT INTO "WebhookDelivery" (id, "tenantId", "webhookId", "eventId", "eventType", payload, "createdAt", "updatedAt")
SELECT r.id, $tenant, r.webhook, r.event, r.type, r.body, r.at, now()
FROM json_to_recordset($rows) AS r(id uuid, webhook uuid, event uuid, type text, body jsonb, at timestamptz)
WHERE EXISTS (SELECT 1 FROM "Webhook" w WHERE w.id = r.webhook)
ON CONFLICT DO NOTHING
RETURNING id`;

/** Each tenant's new deliveries: one INSERT of all its rows (those of deleted webhooks left out). */
export function insertStatements(rows: readonly NewDelivery[]): TenantStatement[] {
  return byTenant(rows).map(([tenantId, group]) => ({
    tenantId,
    sql: INSERT_DELIVERIES,
    // The body is JSON text already: written in as it is, it arrives as the jsonb it stands for.
    rows: `[${group
      .map(
        (r) =>
          `{"id":${JSON.stringify(r.id)},"webhook":${JSON.stringify(r.webhookId)},"event":${JSON.stringify(r.eventId)},` +
          `"type":${JSON.stringify(r.eventType)},"at":"${r.createdAt.toISOString()}","body":${r.body}}`,
      )
      .join(",")}]`,
  }));
}

/**
 * Successful attempts of a tenant: each delivery SUCCEEDED, its attempt row, and its webhook's
 * failures in a row back to 0 — what the general recording does when nothing failed, in one
 * statement (no failure count to read first, nothing to disable).
 */
const RECORD_SUCCESSES = `
WITH r AS (
  SELECT * FROM json_to_recordset($rows) AS r(id uuid, code int, duration int, at timestamptz)
), u AS (
  UPDATE "WebhookDelivery" d SET
    attempts = d.attempts + 1, status = 'SUCCEEDED', "nextAttemptAt" = NULL, "lastStatusCode" = r.code,
    "lastError" = NULL, "lastDurationMs" = r.duration, "deliveredAt" = r.at, "updatedAt" = now()
  FROM r WHERE d.id = r.id
  RETURNING d.id, d."webhookId", d.attempts, r.code, r.duration, r.at
), ins AS (
  INSERT INTO "WebhookDeliveryAttempt" ("tenantId", "deliveryId", attempt, "statusCode", "durationMs", error, "createdAt")
  SELECT $tenant, u.id, u.attempts, u.code, u.duration, NULL, u.at FROM u
  ON CONFLICT DO NOTHING
), reset AS (
  UPDATE "Webhook" w SET "consecutiveFailures" = 0
  WHERE w.id IN (SELECT "webhookId" FROM u) AND w."consecutiveFailures" <> 0
)
SELECT id, "webhookId", attempts FROM u`;

export function successStatements(tenants: readonly [string, AttemptRecord[]][]): TenantStatement[] {
  return tenants.map(([tenantId, group]) => ({
    tenantId,
    sql: RECORD_SUCCESSES,
    rows: JSON.stringify(
      group.map((r) => ({
        id: r.deliveryId,
        code: r.result.statusCode,
        duration: r.result.durationMs,
        at: r.result.at.toISOString(),
      })),
    ),
  }));
}
