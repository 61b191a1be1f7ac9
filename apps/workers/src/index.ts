export { createWorker, workflowsPath } from "./temporal/worker.ts";
export { createActivities, type ActivityDeps, type DeviceActivityStore } from "./temporal/activities.ts";
export { createDeviceActivityStore } from "./device-activity-store.ts";
export * from "./temporal/shared.ts";
