/**
 * Every workflow the worker runs, one file each under workflows/. Workflow code runs in Temporal's
 * deterministic sandbox: no I/O, no Node built-ins, and only activity *types* imported (the activities
 * themselves run in the worker). `Date.now()` there is workflow time, replayed identically.
 */
export * from "./workflows/alarm-escalation.ts";
export * from "./workflows/alarm-unacknowledged.ts";
export * from "./workflows/bulk-job.ts";
export * from "./workflows/device-inactivity.ts";
export * from "./workflows/notification-request.ts";
export * from "./workflows/ota-campaign.ts";
export * from "./workflows/report-run.ts";
export * from "./workflows/rule-delay.ts";
export * from "./workflows/rule-generator.ts";
export * from "./workflows/telemetry-maintenance.ts";
export * from "./workflows/webhook-delivery.ts";
