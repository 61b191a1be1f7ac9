import { continueAsNew, proxyActivities } from "@temporalio/workflow";
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

/** Tenants per run before the workflow continues as new, so its history stays short on a large platform. */
const TENANTS_PER_RUN = 500;

/** Where a run that continued as new picks up: the same instant, the tenants still to do, the totals so far. */
export interface TelemetryMaintenanceProgress {
  now: number;
  tenants: string[];
  done: number;
  result: TelemetryMaintenanceResult;
}

/**
 * Started daily by the `telemetry-maintenance` schedule (no argument): the platform's retention and partitions,
 * then each tenant with a shorter retention of its own, one activity per tenant (one tenant's failure retries
 * alone). Every tenant's cutoff is measured from the first run's workflow time, also on replay and across
 * continue-as-new.
 */
export async function telemetryMaintenanceWorkflow(
  progress?: TelemetryMaintenanceProgress,
): Promise<TelemetryMaintenanceResult> {
  let state = progress;
  if (!state) {
    const now = Date.now();
    const partitions = await maintainTelemetryPartitions();
    const tenants = await listTenantsWithRetention();
    state = {
      now,
      tenants,
      done: 0,
      result: {
        partitionsCreated: partitions.created,
        partitionsDropped: partitions.dropped,
        tenants: tenants.length,
        pointsDeleted: 0,
      },
    };
  }
  const end = Math.min(state.tenants.length, state.done + TENANTS_PER_RUN);
  for (let i = state.done; i < end; i++)
    state.result.pointsDeleted += await applyTenantTelemetryRetention({ tenantId: state.tenants[i]!, now: state.now });
  if (end < state.tenants.length) return continueAsNew<typeof telemetryMaintenanceWorkflow>({ ...state, done: end });
  return state.result;
}
