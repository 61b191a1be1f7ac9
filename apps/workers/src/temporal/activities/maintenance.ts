import { Context } from "@temporalio/activity";
import {
  applyTenantRetention,
  maintainPlatform,
  tenantsWithRetention,
  type TelemetryMaintenanceDeps,
} from "../../maintenance/telemetry-retention.ts";

export function createMaintenanceActivities({ maintenance }: { maintenance?: TelemetryMaintenanceDeps }) {
  const deps = () => {
    // Thrown, so Temporal retries the activity (on a worker that has them).
    if (!maintenance) throw new Error("this worker was started without the maintenance dependencies");
    return maintenance;
  };
  return {
    /** The platform's retention and partitions: `{created, dropped}` day partitions. */
    async maintainTelemetryPartitions() {
      return maintainPlatform(deps());
    },
    async listTenantsWithRetention() {
      return tenantsWithRetention(deps());
    },
    /** One tenant's retention; `now` comes from the workflow, so a retry deletes up to the same instant. */
    async applyTenantTelemetryRetention(input: { tenantId: string; now: number }) {
      const context = Context.current();
      return applyTenantRetention(deps(), input.tenantId, input.now, () => context.heartbeat());
    },
  };
}
