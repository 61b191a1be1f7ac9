import type { DatabaseClients } from "@industryos/db";
import type { DataSource } from "@industryos/dashboard-schema";
import { createDbEntityDirectory, DEFAULT_LIMITS, RealtimeError } from "@industryos/realtime";
import { subscriptionSourceOf } from "@industryos/realtime/client";

export interface ReportDevice {
  id: string;
  name: string;
}

/** A widget's devices, or why it has none (no source chosen, its device or asset deleted, too many devices). */
export type ResolvedDevices = { devices: ReportDevice[] } | { skipped: string };

/**
 * The devices a widget's data source stands for, resolved exactly as the live dashboard resolves them (the
 * realtime server's entity directory, under the tenant's row-level security), as the tenant itself sees them.
 */
export function reportDeviceResolver(db: Pick<DatabaseClients, "forTenant">, tenantId: string) {
  const directory = createDbEntityDirectory(db);
  return async (source: DataSource): Promise<ResolvedDevices> => {
    const subscription = subscriptionSourceOf(source);
    if (!subscription) return { skipped: "no data source chosen" };
    try {
      const resolved = await directory.resolve(
        { tenantId, scopes: [] },
        subscription,
        DEFAULT_LIMITS.maxEntitiesPerSubscription,
      );
      return { devices: resolved.map((e) => ({ id: e.id, name: e.name ?? e.id })) };
    } catch (error) {
      if (error instanceof RealtimeError) return { skipped: error.message };
      throw error;
    }
  };
}
