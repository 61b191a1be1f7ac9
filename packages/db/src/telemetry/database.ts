import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { assertTenantId } from "../extensions/tenant.ts";

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
  systemCopy?(copy: string, data: string, then: { text: string; params: unknown[] }[]): Promise<void>;
}

/** The production TelemetryDatabase over the two pools of createDatabaseClients. */
export function pgTelemetryDatabase(pools: { appPool: pg.Pool; systemPool: pg.Pool }): TelemetryDatabase {
  return {
    system: async <R,>(text: string, params?: unknown[]) => (await pools.systemPool.query(text, params)) as unknown as SqlResult<R>,
    async asTenant(tenantId, fn) {
      assertTenantId(tenantId);
      const client = await pools.appPool.connect();
      let broken: Error | undefined;
      // A checked-out client has no pool listener: a server that goes away mid-transaction
      // must fail this call, not crash the process with an unhandled 'error' event.
      const onError = (error: Error) => (broken = error);
      client.on("error", onError);
      try {
        await client.query("BEGIN");
        await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
        const result = await fn(client as SqlClient);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch((e: Error) => (broken = e));
        throw error;
      } finally {
        client.off("error", onError);
        client.release(broken);
      }
    },
    async systemCopy(copy, data, then) {
      const client = await pools.systemPool.connect();
      let broken: Error | undefined;
      // A checked-out client has no pool listener: a server that goes away mid-transaction
      // must fail this call, not crash the process with an unhandled 'error' event.
      const onError = (error: Error) => (broken = error);
      client.on("error", onError);
      try {
        await client.query("BEGIN");
        await pipeline(Readable.from([data]), client.query(copyFrom(copy)));
        for (const statement of then) await client.query(statement.text, statement.params);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch((e: Error) => (broken = e));
        throw error;
      } finally {
        client.off("error", onError);
        client.release(broken);
      }
    },
  };
}
