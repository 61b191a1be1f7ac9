import type { AlarmRow } from "@industryos/device-protocol/alarm-view";

/** Entity types an alarm can be raised on. */
export const ALARM_ORIGINATOR_TYPES = ["DEVICE", "ASSET", "CUSTOMER", "TENANT"] as const;
export type AlarmOriginatorType = (typeof ALARM_ORIGINATOR_TYPES)[number];

/** The originator's name and the alarm's customer (a device's or asset's, the customer itself, none for the tenant). */
const ORIGIN: Record<AlarmOriginatorType, string> = {
  DEVICE: `SELECT name, "customerId" AS customer_id FROM "Device" WHERE id = $1`,
  ASSET: `SELECT name, "customerId" AS customer_id FROM "Asset" WHERE id = $1`,
  CUSTOMER: `SELECT title AS name, id AS customer_id FROM "Customer" WHERE id = $1`,
  // Row-level security shows the app role its own tenant's row only.
  TENANT: `SELECT name, NULL::uuid AS customer_id FROM "Tenant" WHERE id = $1`,
};

/** The Alarm columns of an AlarmRow, in one order for every branch of a UNION. */
const COLUMNS = `id, type, severity, acknowledged, cleared, "originatorType", "originatorId", "customerId", "startTs",
  "endTs", "ackTs", "clearTs", "assignTs", "assigneeId", details, propagate, "propagateToOwner", "propagateToTenant",
  "propagateRelationTypes"`;
const columnsOf = (alias: string) =>
  COLUMNS.split(",")
    .map((c) => `${alias}.${c.trim()}`)
    .join(", ");

/** How far up the relations an alarm propagates (the API's MAX_PROPAGATION_LEVELS). */
const MAX_PROPAGATION_LEVELS = 10;

/** A row of the statements below: the alarm's columns, what happened, and what the ALARM event needs. */
export interface AlarmStatementRow extends AlarmRow {
  change: "created" | "updated" | "unchanged" | "cleared" | "missing";
  originator_name: string | null;
  previous_severity: AlarmRow["severity"] | null;
  /** Every entity the alarm shows on besides its originator (its AlarmPropagation rows after the statement). */
  propagated_to: string[];
}

/**
 * Parameters: $1 originator id, $2 alarm type, $3 severity, $4 details (JSON text or null), $5 ts,
 * $6 tenant id, $7 originator type, $8 propagate, $9 propagateRelationTypes, $10 propagateToOwner,
 * $11 propagateToTenant.
 *
 * One statement raises or updates the originator's active alarm of the type, as the API's
 * `raiseAlarm` does in five: the active alarm is locked (FOR UPDATE: a concurrent update or clear
 * is waited for and re-read); a repeat with the same severity and details, or older than the
 * alarm's last change, changes nothing; with no active alarm, one is inserted unless the latest
 * cleared one was cleared after `ts` (a late or redelivered message). No row at all means a
 * concurrent raise inserted the active alarm after this statement's snapshot (its insert lost the
 * partial unique index `Alarm_one_active_key`): the caller runs the statement again, which then
 * finds and updates it. A `missing` row: the originator is not in this tenant, nothing written.
 */
export function raiseStatement(originatorType: AlarmOriginatorType): string {
  return `
WITH RECURSIVE origin AS (${ORIGIN[originatorType]}),
active AS (
  SELECT ${COLUMNS} FROM "Alarm" WHERE "originatorId" = $1 AND type = $2 AND NOT cleared FOR UPDATE
),
latest_cleared AS (
  SELECT ${COLUMNS} FROM "Alarm" WHERE "originatorId" = $1 AND type = $2 AND cleared
  ORDER BY "clearTs" DESC NULLS LAST LIMIT 1
),
-- Up the relations (from → to the originator), level by level, only with propagate on.
up (entity_type, entity_id, level) AS (
  SELECT r."fromType", r."fromId", 1 FROM "EntityRelation" r
  WHERE $8 AND r."toId" = $1 AND r."typeGroup" = 'COMMON' AND (cardinality($9::text[]) = 0 OR r.type = ANY($9::text[]))
  UNION
  SELECT r."fromType", r."fromId", up.level + 1 FROM up JOIN "EntityRelation" r ON r."toId" = up.entity_id
  WHERE up.level < ${MAX_PROPAGATION_LEVELS} AND r."typeGroup" = 'COMMON'
    AND (cardinality($9::text[]) = 0 OR r.type = ANY($9::text[]))
),
targets AS (
  SELECT DISTINCT ON (entity_id) entity_type, entity_id FROM (
    SELECT entity_type, entity_id FROM up
    UNION ALL
    SELECT CASE WHEN o.customer_id IS NULL THEN 'TENANT' ELSE 'CUSTOMER' END::"EntityType", COALESCE(o.customer_id, $6::uuid)
    FROM origin o WHERE $10
    UNION ALL
    SELECT 'TENANT'::"EntityType", $6::uuid WHERE $11
  ) t WHERE entity_id <> $1::uuid
),
updated AS (
  UPDATE "Alarm" a SET severity = $3::"AlarmSeverity", details = $4::jsonb, "endTs" = $5, propagate = $8,
    "propagateRelationTypes" = $9::text[], "propagateToOwner" = $10, "propagateToTenant" = $11, "updatedAt" = now()
  FROM active
  WHERE a.id = active.id AND EXISTS (SELECT 1 FROM origin) AND $5 >= active."endTs"
    AND (active.severity <> $3::"AlarmSeverity" OR active.details IS DISTINCT FROM $4::jsonb)
  RETURNING ${columnsOf("a")}, active.severity AS previous_severity
),
inserted AS (
  INSERT INTO "Alarm" ("tenantId", "customerId", "originatorType", "originatorId", type, severity, details,
    "startTs", "endTs", propagate, "propagateRelationTypes", "propagateToOwner", "propagateToTenant")
  SELECT $6, o.customer_id, $7::"EntityType", $1, $2, $3::"AlarmSeverity", $4::jsonb, $5, $5, $8, $9::text[], $10, $11
  FROM origin o
  WHERE NOT EXISTS (SELECT 1 FROM active) AND NOT EXISTS (SELECT 1 FROM latest_cleared WHERE "clearTs" > $5)
  ON CONFLICT ("tenantId", "originatorId", type) WHERE NOT cleared DO NOTHING
  RETURNING ${COLUMNS}
),
propagated AS (
  INSERT INTO "AlarmPropagation" ("tenantId", "alarmId", "entityType", "entityId")
  SELECT $6, x.id, t.entity_type, t.entity_id
  FROM (SELECT id FROM inserted UNION ALL SELECT id FROM updated) x CROSS JOIN targets t
  ON CONFLICT DO NOTHING
)
SELECT 'created' AS change, ${columnsOf("i")}, NULL::"AlarmSeverity" AS previous_severity,
  ARRAY(SELECT entity_id FROM targets) AS propagated_to,
  (SELECT name FROM origin) AS originator_name
FROM inserted i
UNION ALL
SELECT 'updated', ${columnsOf("u")}, u.previous_severity,
  ARRAY(SELECT p."entityId" FROM "AlarmPropagation" p WHERE p."alarmId" = u.id UNION SELECT entity_id FROM targets),
  (SELECT name FROM origin)
FROM updated u
UNION ALL
SELECT 'unchanged', ${columnsOf("a")}, NULL, '{}', (SELECT name FROM origin) FROM active a
WHERE EXISTS (SELECT 1 FROM origin) AND NOT EXISTS (SELECT 1 FROM updated)
UNION ALL
SELECT 'unchanged', ${columnsOf("c")}, NULL, '{}', (SELECT name FROM origin) FROM latest_cleared c
WHERE EXISTS (SELECT 1 FROM origin) AND NOT EXISTS (SELECT 1 FROM active) AND c."clearTs" > $5
UNION ALL
SELECT 'missing', ${columnsOf("m")}, NULL, '{}', NULL FROM (SELECT NULL) n LEFT JOIN "Alarm" m ON false
WHERE NOT EXISTS (SELECT 1 FROM origin)`;
}

/**
 * Parameters: $1 originator id, $2 alarm type, $3 ts, $4 whether to replace the details, $5 details
 * (JSON text or null). Clears the originator's active alarm of the type in one statement (a
 * concurrent clear is waited for; the second clears nothing, so no row). A `missing` row: the
 * originator is not in this tenant.
 */
export function clearStatement(originatorType: AlarmOriginatorType): string {
  return `
WITH origin AS (${ORIGIN[originatorType]}),
cleared AS (
  UPDATE "Alarm" SET cleared = true, "clearTs" = $3, details = CASE WHEN $4 THEN $5::jsonb ELSE details END,
    "updatedAt" = now()
  WHERE "originatorId" = $1 AND type = $2 AND NOT cleared AND EXISTS (SELECT 1 FROM origin)
  RETURNING ${COLUMNS}
)
SELECT 'cleared' AS change, ${columnsOf("c")}, NULL::"AlarmSeverity" AS previous_severity,
  ARRAY(SELECT p."entityId" FROM "AlarmPropagation" p WHERE p."alarmId" = c.id) AS propagated_to,
  (SELECT name FROM origin) AS originator_name
FROM cleared c
UNION ALL
SELECT 'missing', ${columnsOf("m")}, NULL, '{}', NULL FROM (SELECT NULL) n LEFT JOIN "Alarm" m ON false
WHERE NOT EXISTS (SELECT 1 FROM origin)`;
}
