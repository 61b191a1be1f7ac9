// Platform maintenance on a Temporal Schedule: the workers ensure the schedule at start (create it, or bring an
// existing one to the current spec), and it starts this workflow once a day. The workflow applies the platform's
// retention and partitions (telemetry_maintain), then each tenant's shorter retention.

export const TELEMETRY_MAINTENANCE_WORKFLOW = "telemetryMaintenanceWorkflow";

/** One schedule for the whole platform. */
export const TELEMETRY_MAINTENANCE_SCHEDULE_ID = "telemetry-maintenance";

export interface TelemetryMaintenanceResult {
  /** Day partitions created ahead and dropped past the platform's retention (plain PostgreSQL). */
  partitionsCreated: number;
  partitionsDropped: number;
  /** Tenants with a retention of their own, and the points deleted for them. */
  tenants: number;
  pointsDeleted: number;
}
