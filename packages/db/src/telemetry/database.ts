import type pg from "pg";
import { assertTenantId } from "../extensions/tenant.ts";
import { PipelinedCopy } from "./pipelined-copy.ts";

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
   * Optional (the store falls back to INSERT without it): as the system role, in one
   * transaction, `COPY ... FROM STDIN` with `data`, then the statements `then`.
   */
  systemCopy?(copy: string, data: Buffer, then: { text: string; params: unknown[] }[]): Promise<void>;
}

/**
 * Runs `fn` on a client checked out of `pool`, in a transaction unless `transaction` is false
 * (one statement commits by itself); rolls back on error and drops a client whose connection
 * broke instead of returning it to the pool.
 */
async function withClient<R>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<R>, transaction = true): Promise<R> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A checked-out client has no pool listener: a server that goes away mid-transaction
  // must fail this call, not crash the process with an unhandled 'error' event.
  const onError = (error: Error) => (broken = error);
  client.on("error", onError);
  try {
    if (transaction) await client.query("BEGIN");
    const result = await fn(client);
    if (transaction) await client.query("COMMIT");
    return result;
  } catch (error) {
    if (transaction) await client.query("ROLLBACK").catch((e: Error) => (broken = e));
    throw error;
  } finally {
    client.off("error", onError);
    client.release(broken);
  }
}

/** The production TelemetryDatabase over the two pools of createDatabaseClients. */
export function pgTelemetryDatabase(pools: { appPool: pg.Pool; systemPool: pg.Pool }): TelemetryDatabase {
  return {
    system: async <R>(text: string, params?: unknown[]) =>
      (await pools.systemPool.query(text, params)) as unknown as SqlResult<R>,
    async asTenant(tenantId, fn) {
      assertTenantId(tenantId);
      return withClient(pools.appPool, async (client) => {
        await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
        return fn(client as SqlClient);
      });
    },
    async systemCopy(copy, data, then) {
      // A COPY alone commits by itself: no BEGIN and COMMIT round trips, which every
      // acknowledgement of the batch would wait for.
      await withClient(
        pools.systemPool,
        async (client) => {
          await client.query(new PipelinedCopy(copy, data)).done;
          for (const statement of then) await client.query(statement.text, statement.params);
        },
        then.length > 0,
      );
    },
  };
}
