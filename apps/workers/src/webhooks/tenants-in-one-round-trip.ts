import { randomBytes } from "node:crypto";
import { assertTenantId } from "@industryos/db";
import type pg from "pg";

/** One tenant's statement, and the JSON array of rows it reads (`json_to_recordset($rows)`). */
export interface TenantStatement {
  tenantId: string;
  /** SQL with `$rows` where the rows go and `$tenant` where the tenant id goes. */
  sql: string;
  /** A JSON array's text; written into the SQL dollar-quoted, so nothing in it is parsed as SQL. */
  rows: string;
}

/** `text` as a dollar-quoted literal whose tag does not occur in it. */
function dollarQuoted(text: string): string {
  for (;;) {
    const tag = `$r${randomBytes(6).toString("hex")}$`;
    if (!text.includes(tag)) return `${tag}${text}${tag}`;
  }
}

/**
 * Runs each tenant's statement under row-level security as that tenant (`app.tenant_id` set just
 * before it, transaction-local) in ONE simple-protocol query: one round trip for a batch of any
 * number of tenants, and one implicit transaction, so all of it commits or none. On a busy machine
 * every round trip waits for two processes to be scheduled; a batch that took three round trips
 * per tenant (BEGIN, statement, COMMIT) took seconds. Parameters cannot travel with a
 * multi-statement query, so the rows go as a dollar-quoted JSON literal and the tenant id, checked
 * to be a UUID, is written in. Returns each statement's rows, in order.
 */
export async function inTenantsOneRoundTrip<R>(pool: pg.Pool, statements: readonly TenantStatement[]): Promise<R[][]> {
  if (statements.length === 0) return [];
  const text = statements
    .map(({ tenantId, sql, rows }) => {
      assertTenantId(tenantId);
      const statement = sql.replaceAll("$tenant", `'${tenantId}'::uuid`).replace("$rows", () => dollarQuoted(rows));
      return `SELECT set_config('app.tenant_id', '${tenantId}', true);\n${statement}`;
    })
    .join(";\n");
  const results = (await pool.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
  const list = Array.isArray(results) ? results : [results];
  // Every second result is a statement's (the others are the set_config calls).
  return statements.map((_, i) => list[2 * i + 1]!.rows as R[]);
}
