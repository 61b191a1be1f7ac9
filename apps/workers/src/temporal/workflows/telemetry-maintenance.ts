import { proxyActivities } from "@temporalio/workflow";
import type { TelemetryMaintenanceResult } from "@industryos/temporal-client/workflows/maintenance";
import type { Activities } from "../activities.ts";

const retry = {
  initialInterval: "10 seconds",
  backoffCoefficient: 2,
  maximumInterval: "10 minutes",
  maximumAttempts: 10,
};
const { maintainTelemetryPartitions, listTenantsWithRetention } = proxyActivities<Activities>({
  startToCloseTimeout: "30 minutes",
  retry,
});
// A tenant's deletes heartbeat per entity: a worker lost mid-tenant is noticed within the heartbeat timeout.
const { applyTenantTelemetryRetention } = proxyActivities<Activities>({
  startToCloseTimeout: "2 hours",
  heartbeatTimeout: "2 minutes",
  retry,
});

/**
 * Started daily by the `telemetry-maintenance` schedule: the platform's retention and partitions, then each tenant
 * with a shorter retention of its own, one activity per tenant (one tenant's failure retries alone). Workflow
 * time is `Date.now()` here, so every tenant's cutoff is measured from the same instant, also on replay.
 */
export async function telemetryMaintenanceWorkflow(): Promise<TelemetryMaintenanceResult> {
  const now = Date.now();
  const partitions = await maintainTelemetryPartitions();
  const tenants = await listTenantsWithRetention();
  let pointsDeleted = 0;
  for (const tenantId of tenants) pointsDeleted += await applyTenantTelemetryRetention({ tenantId, now });
  return {
    partitionsCreated: partitions.created,
    partitionsDropped: partitions.dropped,
    tenants: tenants.length,
    pointsDeleted,
  };
}
