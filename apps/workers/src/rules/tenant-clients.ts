import type { DatabaseClients, TenantClient } from "@industryos/db";

/** Tenants whose clients are kept; past it the least recently used one is dropped (it is cheap to make again). */
const MAX_TENANTS = 1_000;

/**
 * `db` with `forTenant` answering the same client for a tenant while it is among the
 * `maxTenants` most recently used: a tenant-scoped Prisma client holds no connection or
 * transaction (each query sets the tenant in its own), but making one costs ~1 ms of CPU, which
 * the rule engine paid on every lookup and alarm write that made its own.
 */
export function withReusedTenantClients(db: DatabaseClients, maxTenants = MAX_TENANTS): DatabaseClients {
  const clients = new Map<string, TenantClient>();
  return {
    ...db,
    forTenant(tenantId) {
      let client = clients.get(tenantId);
      if (client) {
        // Map keeps insertion order: re-inserting marks it the most recently used.
        clients.delete(tenantId);
      } else {
        client = db.forTenant(tenantId);
        if (clients.size >= maxTenants) clients.delete(clients.keys().next().value!);
      }
      clients.set(tenantId, client);
      return client;
    },
    close: () => db.close(),
  };
}
