/**
 * Activities: the only place workflow code reaches the outside world, one factory per domain under
 * activities/. Built from `ActivityDeps` so the worker injects real infrastructure and tests their own.
 */
import type { DatabaseClients } from "@industryos/db";
import type { RedisClient } from "@industryos/runtime";
import type { NotificationDeps } from "../notifications/notification-deps.ts";
import { createNotificationRequestActivities } from "./activities/notification-request.ts";
import type { BulkJobDeps } from "@industryos/api";
import { createBulkJobActivities } from "./activities/bulk-jobs.ts";
import { createMaintenanceActivities } from "./activities/maintenance.ts";
import type { TelemetryMaintenanceDeps } from "../maintenance/telemetry-retention.ts";
import { createAlarmEscalationActivities, type EscalationActivityDeps } from "./activities/alarm-escalation.ts";
import { createAlarmUnacknowledgedActivities } from "./activities/alarm-unacknowledged.ts";
import { createDeviceInactivityActivities, type DeviceActivityStore } from "./activities/device-inactivity.ts";
import { createReportActivities, type ReportActivityDeps } from "./activities/reports.ts";
import { createOtaCampaignActivities, type OtaActivityDeps } from "./activities/ota-campaigns.ts";
import { createRuleDelayActivities } from "./activities/rule-delay.ts";
import { createRuleGeneratorActivities } from "./activities/rule-generator.ts";
import { createWebhookActivities, type WebhookActivityDeps } from "./activities/webhook-delivery.ts";

export type { DeviceActivityStore } from "./activities/device-inactivity.ts";

export interface ActivityDeps {
  devices: DeviceActivityStore;
  /** Alarm escalations and "unacknowledged for N minutes" (database); a worker without it leaves them to one with. */
  alarmNotifications?: EscalationActivityDeps;
  /** Bulk jobs (imports, attribute updates, RPC, deletes); a worker without them leaves those activities to one with. */
  bulkJobs?: BulkJobDeps;
  /** Daily telemetry maintenance (store, platform retention); a worker without it leaves those activities to one with. */
  maintenance?: TelemetryMaintenanceDeps;
  /** Notification delivery (database, Redis, secret box, providers); a worker without it leaves requests to one with. */
  notifications?: NotificationDeps;
  /** Scheduled reports (database, telemetry, email); a worker without them leaves report runs to one with. */
  reports?: ReportActivityDeps;
  /** The rule engine's durable nodes (delay, generator); a worker without them leaves those activities to one with. */
  rules?: { db: DatabaseClients; redis: RedisClient };
  /** Integrator webhook retries; a worker without them leaves those attempts to one with. */
  webhooks?: WebhookActivityDeps;
  /** OTA campaigns (database and device downlinks); a worker without them leaves those activities to one with. */
  ota?: OtaActivityDeps;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createDeviceInactivityActivities(deps),
    ...(deps.alarmNotifications && createAlarmEscalationActivities(deps.alarmNotifications)),
    ...(deps.alarmNotifications && createAlarmUnacknowledgedActivities(deps.alarmNotifications)),
    ...createBulkJobActivities(deps),
    ...createMaintenanceActivities(deps),
    ...createNotificationRequestActivities(deps),
    ...(deps.reports && createReportActivities(deps.reports)),
    ...createRuleDelayActivities({ redis: deps.rules?.redis }),
    ...createRuleGeneratorActivities({ redis: deps.rules?.redis, db: deps.rules?.db }),
    ...createWebhookActivities(deps.webhooks),
    ...createOtaCampaignActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
