import type pg from "pg";
import { withPoolClient } from "../checkout.ts";
import { assertTenantId } from "../extensions/tenant.ts";
import type { ReadReplicas } from "../read-replicas.ts";
import { PipelinedCopy } from "./pipelined-copy.ts";
import { executeAsTenant } from "./tenant-prepared.ts";

export interface SqlResult<R> {
  rows: R[];
}

/** The little of a SQL connection the store needs (pg.PoolClient and PGlite both fit). */
export interface SqlClient {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<SqlResult<R>>;
}

/**
 * How the store reaches PostgreSQL: as the system role for one statement (autocommit), or as
 * the application role inside a transaction whose `app.tenant_id` is set.
 */
export interface TelemetryDatabase {
  system<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<SqlResult<R>>;
  asTenant<T>(tenantId: string, fn: (client: SqlClient) => Promise<T>): Promise<T>;
  /**
   * Optional (asTenant without it): asTenant on a streaming replica, for reads that may trail the
   * primary by the replication lag. `fn` may run more than once (repeated elsewhere when a replica
   * fails), so it must only read.
   */
  asTenantOnReplica?<T>(tenantId: string, fn: (client: SqlClient) => Promise<T>): Promise<T>;
  /**
   * Optional (asTenant without it): one statement under the tenant in one round trip instead of
   * asTenant's three, prepared as `name` once per connection (tenant-prepared.ts); `text` must be
   * the same for the same name. Parameters: strings, booleans, numbers, Dates, string arrays.
   */
  executeAsTenant?<R = Record<string, unknown>>(
    tenantId: string,
    name: string,
    text: string,
    params: unknown[],
  ): Promise<SqlResult<R>>;
  /**
   * Optional (the store falls back to INSERT without it): as the system role, in one
   * transaction, `COPY ... FROM STDIN` with `data`, then the statements `then`.
   */
  systemCopy?(copy: string, data: Buffer, then: { text: string; params: unknown[] }[]): Promise<void>;
}

/**
 * `fn` in a transaction of the application role whose `app.tenant_id` is the tenant: BEGIN and
 * the tenant in one round trip (two statements need the simple query protocol, so no parameter:
 * the id is inlined, checked to be a UUID). Each round trip is a socket write, the rule engine's
 * largest CPU cost per message (bench/rules/README.md).
 */
function asTenantOn<T>(pool: pg.Pool, tenantId: string, fn: (client: SqlClient) => Promise<T>): Promise<T> {
  assertTenantId(tenantId);
  return withPoolClient(
    pool,
    (client) => fn(client as SqlClient),
    `BEGIN; SELECT set_config('app.tenant_id', '${tenantId}', true)`,
  );
}

/**
 * The production TelemetryDatabase over the pools of createDatabaseClients; with `reads`, the
 * tenant's history reads go to its replicas (the same role and tenant setting, so the same
 * row-level security: a physical replica carries the policies and functions along).
 */
export function pgTelemetryDatabase(pools: {
  appPool: pg.Pool;
  systemPool: pg.Pool;
  reads?: ReadReplicas;
}): TelemetryDatabase {
  const { reads } = pools;
  return {
    system: async <R>(text: string, params?: unknown[]) =>
      (await pools.systemPool.query(text, params)) as unknown as SqlResult<R>,
    asTenant: (tenantId, fn) => asTenantOn(pools.appPool, tenantId, fn),
    asTenantOnReplica: reads ? (tenantId, fn) => reads.run((pool) => asTenantOn(pool, tenantId, fn)) : undefined,
    executeAsTenant: (tenantId, name, text, params) => executeAsTenant(pools.appPool, tenantId, name, text, params),
    async systemCopy(copy, data, then) {
      // A COPY alone commits by itself: no BEGIN and COMMIT round trips, which every
      // acknowledgement of the batch would wait for.
      await withPoolClient(
        pools.systemPool,
        async (client) => {
          await client.query(new PipelinedCopy(copy, data)).done;
          for (const statement of then) await client.query(statement.text, statement.params);
        },
        then.length > 0 ? "BEGIN" : null,
      );
    },
  };
}
