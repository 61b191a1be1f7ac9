/**
 * Activities: the only place workflow code reaches the outside world, one factory per domain under
 * activities/. Built from `ActivityDeps` so the worker injects real infrastructure and tests their own.
 */
import { createDeviceInactivityActivities, type DeviceActivityStore } from "./activities/device-inactivity.ts";

export type { DeviceActivityStore } from "./activities/device-inactivity.ts";

export interface ActivityDeps {
  devices: DeviceActivityStore;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createDeviceInactivityActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
