export type { ApiDeps, TenantDb, SystemDb, EmailSettings } from "./deps.ts";
export { unavailableTelemetry } from "./services/telemetry/unavailable.ts";
/** The API's telemetry reader over the store (owned by @industryos/db; re-exported for the web server). */
export { telemetryReaderFrom } from "@industryos/db/telemetry";
export type { Actor } from "./actor.ts";
export { ApiError, type ErrorCode } from "./errors.ts";
export { createRestHandler, REST_PREFIX } from "./rest/handler.ts";
export { operations, listOperations, type NamedOperation } from "./operations/registry.ts";
export { defineOperation, type AnyOperation } from "./operations/operation.ts";
export { buildOpenApiDocument } from "./rest/openapi.ts";
export { appRouter, type AppRouter, type RouterInputs, type RouterOutputs } from "./root.ts";
export { createTrpcContext, createCallerFactory } from "./trpc.ts";
export { hashPassword, verifyPassword } from "./auth/password.ts";
export { createPlatformApi } from "./platform.ts";
export { TRPC_MAX_BATCH } from "./limits.ts";
export { releaseRpcSubscriber } from "./services/rpc/rpc.ts";
export { createRealtimeAuthenticator } from "./auth/realtime-authenticator.ts";
/**
 * Alarms, for the workers' rule engine (`RuleServices.alarms`): `raiseAlarm` creates or updates
 * the originator's active alarm of a type (idempotent, one per originator and type),
 * `clearAlarmOf` clears it; `alarmContext(deps, tenantId)` is their context outside a request.
 */
export { raiseAlarm, type RaiseAlarmInput, type RaiseAlarmResult } from "./services/alarms/raise-alarm.ts";
export { clearAlarmOf } from "./services/alarms/clear-alarm-of.ts";
export { alarmContext, ruleEngineActor, type AlarmContext, type AlarmDeps } from "./services/alarms/alarm-context.ts";
export type { AlarmView, AlarmSeverity, AlarmStatus } from "./services/alarms/schemas.ts";
export { emitAlarmEvent, type AlarmChannelMessage, type AlarmEventChange } from "./services/alarms/alarm-events.ts";
/**
 * Notification rules' triggers and escalation policies' levels, for the workers' rule engine and Temporal
 * activities that read stored rules and policies back through the schemas the API validated them with.
 */
export {
  TRIGGER_CONFIGS,
  ALARM_TRIGGER_EVENTS,
  type NotificationTriggerType,
  type AlarmTrigger,
  type AlarmTriggerEvent,
  type AlarmUnacknowledgedTrigger,
  type DeviceInactivityTrigger,
  type EntityActionTrigger,
} from "./services/notification-rules/trigger-config.ts";
export { escalationLevels, type EscalationLevel } from "./services/escalation-policies/schemas.ts";
/**
 * Bulk jobs, for the workers' bulk-job workflow: `runBulkJobBatch` runs a job's next pending items (each committed
 * with its record, so retries never apply one twice), `finishBulkJob` closes the job.
 */
export { runBulkJobBatch, type BatchState, type BatchOptions } from "./services/bulk-jobs/run/run-batch.ts";
export { finishBulkJob } from "./services/bulk-jobs/run/finish-bulk-job.ts";
export type { BulkJobDeps } from "./services/bulk-jobs/bulk-job-context.ts";
export type { BulkJobView } from "./services/bulk-jobs/schemas.ts";
/** A tenant's telemetry retention as its settings hold it (the workers' daily maintenance applies it). */
export {
  cappedRetention,
  retentionOf,
  retentionDaysOfKey,
  type TenantRetention,
} from "./services/telemetry-retention/schemas.ts";
export { limitsOf } from "./services/admin/tenant-limits.ts";
/** After a SECRETS_KEY rotation: every sealed column re-sealed under the new key (the workers run it at start). */
export { resealSecrets, type ResealCounts, type ResealResult } from "./secrets/reseal-secrets.ts";
/**
 * OTA assignment, for the workers' campaign activities: writes and pushes the fw_ and sw_ shared attributes of
 * devices whose target package changed (re-applying is harmless).
 */
export { applyOtaAssignment } from "./services/ota-packages/apply-ota-assignment.ts";
export { downlinkPage, uplinkResult, type DownlinkPage, type UplinkEntry } from "./services/edges/schemas.ts";
