import pg from "pg";
import { withPoolClient } from "../checkout.ts";
import { assertTenantId } from "../extensions/tenant.ts";
import type { SqlResult } from "./database.ts";

/** A value as a literal of the simple query protocol: what pg would have sent as the parameter's text. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "string") return pg.escapeLiteral(value);
  if (typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))) return `'${value}'`;
  if (value instanceof Date) return pg.escapeLiteral(value.toISOString());
  if (Array.isArray(value) && value.every((v) => typeof v === "string"))
    return pg.escapeLiteral(`{${value.map((v) => `"${v.replace(/[\\"]/g, "\\$&")}"`).join(",")}}`);
  throw new TypeError(`No literal for a parameter of type ${typeof value}`);
}

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Statements each pooled connection has prepared (a new connection is a new client). */
const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();

/**
 * One statement under the tenant's row-level security in ONE round trip: `set_config` and
 * `EXECUTE name(values)` as one simple query, which PostgreSQL runs as one implicit transaction
 * (the setting is local to it; an error rolls both back), against the BEGIN, statement and
 * COMMIT round trips of `asTenant`. The simple protocol takes no parameters, so the statement is
 * prepared once per connection (PREPARE infers the parameters' types as the extended protocol
 * does) and EXECUTE gets the values as escaped literals. Strings, booleans, finite numbers,
 * Dates (timestamptz) and string arrays only.
 */
export async function executeAsTenant<R>(
  pool: pg.Pool,
  tenantId: string,
  name: string,
  text: string,
  params: unknown[],
): Promise<SqlResult<R>> {
  assertTenantId(tenantId);
  if (!NAME.test(name)) throw new Error(`Invalid prepared statement name ${name}`);
  const values = params.map(literal).join(", ");
  return withPoolClient(
    pool,
    async (client) => {
      let names = preparedOn.get(client);
      if (!names) preparedOn.set(client, (names = new Set()));
      const execute = `SELECT set_config('app.tenant_id', '${tenantId}', true); EXECUTE ${name}${values ? `(${values})` : ""}`;
      for (let attempt = 0; ; attempt++) {
        if (!names.has(name)) {
          // Its own round trip, once: a PREPARE stays even when the transaction it ran in fails.
          await client.query(`PREPARE ${name} AS ${text}`);
          names.add(name);
        }
        try {
          const results = (await client.query(execute)) as unknown as pg.QueryResult[];
          return { rows: results[1]!.rows as R[] };
        } catch (error) {
          // The session lost its prepared statements (DISCARD ALL by someone else): prepare again.
          if ((error as { code?: string }).code !== "26000" || attempt > 0) throw error;
          names.clear();
        }
      }
    },
    null,
  );
}
