// Attributes (the Prisma `Attribute` table, under row-level security) read and written by
// scope, with a coalesced batch write on the system path for ingest.
import type { KvValue } from "@industryos/device-protocol";
import type { AttributeScope, EntityType } from "../generated/prisma/enums.ts";
import type { TelemetryDatabase, SqlClient } from "./database.ts";
import {
  BatchValidationError,
  checkKey,
  checkUuid,
  fromColumns,
  millisOf,
  toColumns,
  toMillis,
  type BatchIssue,
} from "./values.ts";

/** One attribute value to write; `lastUpdateTs` defaults to now. */
export interface AttributeRow {
  tenantId: string;
  entityType?: EntityType;
  entityId: string;
  scope: AttributeScope;
  key: string;
  value: KvValue;
  lastUpdateTs?: number | Date;
}

export interface AttributeValue {
  key: string;
  scope: AttributeScope;
  value: KvValue;
  lastUpdateTs: number;
}

const SCOPES = new Set(["CLIENT", "SHARED", "SERVER"]);

const UPSERT = `
INSERT INTO "Attribute" ("tenantId", "entityType", "entityId", "scope", "key",
  "boolValue", "longValue", "doubleValue", "stringValue", "jsonValue", "lastUpdateTs")
SELECT * FROM unnest($1::uuid[], $2::text[]::"EntityType"[], $3::uuid[], $4::text[]::"AttributeScope"[], $5::text[],
  $6::boolean[], $7::bigint[], $8::double precision[], $9::text[], $10::jsonb[], $11::timestamptz[])
ON CONFLICT ("tenantId", "entityId", "scope", "key") DO UPDATE SET
  "entityType" = excluded."entityType", "boolValue" = excluded."boolValue", "longValue" = excluded."longValue",
  "doubleValue" = excluded."doubleValue", "stringValue" = excluded."stringValue", "jsonValue" = excluded."jsonValue",
  "lastUpdateTs" = excluded."lastUpdateTs"
WHERE "Attribute"."lastUpdateTs" <= excluded."lastUpdateTs"`;

/** Validates, coalesces (newest value per tenant, entity, scope and key wins) and converts. */
function toParams(rows: readonly Partial<AttributeRow>[], tenantId?: string): unknown[][] {
  const issues: BatchIssue[] = [];
  const byId = new Map<
    string,
    { row: Partial<AttributeRow>; ms: number; cols: Exclude<ReturnType<typeof toColumns>, string> }
  >();
  rows.forEach((row, index) => {
    const tenant = tenantId ?? row.tenantId;
    const problem =
      checkUuid(tenant, "tenantId") ??
      checkUuid(row.entityId, "entityId") ??
      checkKey(row.key) ??
      (SCOPES.has(row.scope as string) ? undefined : "scope must be CLIENT, SHARED or SERVER");
    if (problem) return issues.push({ index, message: problem });
    const ms = toMillis(row.lastUpdateTs ?? Date.now(), "lastUpdateTs");
    if (typeof ms === "string") return issues.push({ index, message: ms });
    const cols = toColumns(row.value, row.key!);
    if (typeof cols === "string") return issues.push({ index, message: cols });
    const id = `${tenant}|${row.entityId}|${row.scope}|${row.key}`;
    const previous = byId.get(id);
    if (!previous || previous.ms <= ms) byId.set(id, { row: { ...row, tenantId: tenant }, ms, cols });
  });
  if (issues.length > 0) throw new BatchValidationError("attribute", issues);
  const entries = [...byId.values()];
  return [
    entries.map((e) => e.row.tenantId),
    entries.map((e) => e.row.entityType ?? "DEVICE"),
    entries.map((e) => e.row.entityId),
    entries.map((e) => e.row.scope),
    entries.map((e) => e.row.key),
    entries.map((e) => e.cols.bool),
    entries.map((e) => e.cols.long),
    entries.map((e) => e.cols.dbl),
    entries.map((e) => e.cols.str),
    entries.map((e) => e.cols.json),
    entries.map((e) => new Date(e.ms).toISOString()),
  ];
}

const valueOf = (r: Record<string, unknown>): AttributeValue => ({
  key: String(r.key),
  scope: r.scope as AttributeScope,
  value: fromColumns(r),
  lastUpdateTs: millisOf(r.lastUpdateTs),
});

const COLUMNS = `"key", "scope", "boolValue" AS bool_v, "longValue" AS long_v, "doubleValue" AS dbl_v,
            "stringValue" AS str_v, "jsonValue" AS json_v, "lastUpdateTs"`;

async function read(
  client: SqlClient,
  entityId: string,
  scope?: AttributeScope,
  keys?: string[],
): Promise<AttributeValue[]> {
  const { rows } = await client.query<Record<string, unknown>>(
    `SELECT ${COLUMNS}
       FROM "Attribute"
      WHERE "entityId" = $1 AND ($2::"AttributeScope" IS NULL OR "scope" = $2::"AttributeScope")
        AND ($3::text[] IS NULL OR "key" = ANY ($3::text[]))
      ORDER BY "scope", "key"`,
    [entityId, scope ?? null, keys ?? null],
  );
  return rows.map(valueOf);
}

/** `read` of many entities in one statement: each entity's attributes (none: an empty list) by its id. */
async function readMany(
  client: SqlClient,
  entityIds: string[],
  scope?: AttributeScope,
  keys?: string[],
): Promise<Map<string, AttributeValue[]>> {
  const { rows } = await client.query<Record<string, unknown>>(
    `SELECT "entityId", ${COLUMNS}
       FROM "Attribute"
      WHERE "entityId" = ANY ($1::uuid[]) AND ($2::"AttributeScope" IS NULL OR "scope" = $2::"AttributeScope")
        AND ($3::text[] IS NULL OR "key" = ANY ($3::text[]))
      ORDER BY "entityId", "scope", "key"`,
    [entityIds, scope ?? null, keys ?? null],
  );
  const byEntity = new Map<string, AttributeValue[]>(entityIds.map((id) => [id, []]));
  // PostgreSQL answers with the UUID's canonical (lower-case) text; the caller's spelling is the key.
  const asGiven = new Map(entityIds.map((id) => [id.toLowerCase(), id]));
  for (const row of rows) byEntity.get(asGiven.get(String(row.entityId))!)?.push(valueOf(row));
  return byEntity;
}

/** Attribute access of one store. */
export function createAttributeStore(db: TelemetryDatabase) {
  return {
    /** Attributes of an entity in the tenant, optionally of one scope and some keys (RLS applies). */
    read(tenantId: string, entityId: string, opts: { scope?: AttributeScope; keys?: string[] } = {}) {
      return db.asTenant(tenantId, (c) => read(c, entityId, opts.scope, opts.keys));
    },
    /** `read` of many entities of the tenant in one transaction, by entity id (each requested id present). */
    async readMany(tenantId: string, entityIds: string[], opts: { scope?: AttributeScope; keys?: string[] } = {}) {
      // One id that is no UUID would fail the whole statement's cast: refused by name instead.
      const bad = entityIds.find((id) => checkUuid(id, "entityId"));
      if (bad !== undefined) throw new Error(`entityId must be a UUID, not ${JSON.stringify(bad)}`);
      return db.asTenant(tenantId, (c) => readMany(c, entityIds, opts.scope, opts.keys));
    },
    /** Upserts attributes of one tenant (application role, RLS applies); older values never overwrite newer. */
    async write(tenantId: string, rows: Omit<AttributeRow, "tenantId">[]): Promise<void> {
      const params = toParams(rows, tenantId);
      await db.asTenant(tenantId, (c) => c.query(UPSERT, params));
    },
    /** System path for ingest: rows of many tenants, coalesced, in one statement. */
    async writeBatch(rows: AttributeRow[]): Promise<void> {
      if (rows.length === 0) return;
      await db.system(UPSERT, toParams(rows));
    },
    /** Deletes attributes of an entity by scope and keys; returns how many were deleted. */
    delete(tenantId: string, entityId: string, scope: AttributeScope, keys: string[]): Promise<number> {
      return db.asTenant(tenantId, async (c) => {
        const { rows } = await c.query<{ n: number }>(
          `WITH d AS (DELETE FROM "Attribute" WHERE "entityId" = $1 AND "scope" = $2::"AttributeScope" AND "key" = ANY ($3::text[]) RETURNING 1)
           SELECT count(*)::int AS n FROM d`,
          [entityId, scope, keys],
        );
        return Number(rows[0]?.n ?? 0);
      });
    },
  };
}

export type AttributeStore = ReturnType<typeof createAttributeStore>;
