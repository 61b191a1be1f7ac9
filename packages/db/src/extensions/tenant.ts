import type { ITXClientDenyList } from "@prisma/client/runtime/client";
import { Prisma } from "../generated/prisma/client.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Throws unless `tenantId` is a UUID: the tenant is never taken on trust. */
export function assertTenantId(tenantId: unknown): asserts tenantId is string {
  if (typeof tenantId !== "string" || !UUID.test(tenantId)) {
    throw new Error(`tenantId must be a UUID, got ${JSON.stringify(tenantId)}`);
  }
}

/**
 * Runs every operation of the client in a transaction that starts with
 * `set_config('app.tenant_id', tenantId, true)`, so row-level security limits it to one tenant
 * (prisma/prisma-client-extensions `row-level-security`). Interactive transactions
 * (`$transaction(async (tx) => ...)`) set the tenant once, first thing in the transaction.
 */
export function tenantScope(tenantId: string) {
  assertTenantId(tenantId);
  return Prisma.defineExtension((client) => {
    type Tx = Omit<typeof client, ITXClientDenyList>;
    const setTenant = () => client.$executeRaw`SELECT set_config('app.tenant_id', ${tenantId}, true)`;
    return client.$extends({
      name: "tenant-scope",
      query: {
        async $allOperations({ args, query }) {
          const [, result] = await client.$transaction([setTenant(), query(args)]);
          return result;
        },
      },
      client: {
        /** Interactive transaction with the tenant set; the array form is not supported here. */
        $transaction<R>(
          fn: (tx: Tx) => Promise<R>,
          options?: { maxWait?: number; timeout?: number; isolationLevel?: Prisma.TransactionIsolationLevel },
        ): Promise<R> {
          if (typeof fn !== "function") {
            throw new Error("forTenant(...).$transaction takes a function: $transaction(async (tx) => ...)");
          }
          return client.$transaction(async (tx) => {
            await tx.$executeRaw`SELECT set_config('app.tenant_id', ${tenantId}, true)`;
            return fn(tx);
          }, options);
        },
        /** The tenant this client is scoped to. */
        $tenantId: tenantId,
      },
    });
  });
}
