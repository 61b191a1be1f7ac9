/** Names and payload types shared by workflows, activities, the worker and the clients that start workflows. */
export { DEFAULT_TASK_QUEUE as TASK_QUEUE } from "@industryos/temporal-client";

export interface DeviceInactivityInput {
  tenantId: string;
  deviceId: string;
  /** How long the device may stay silent before it is marked inactive. */
  timeoutMs: number;
}

export interface DeviceInactivityResult {
  tenantId: string;
  deviceId: string;
  markedInactive: boolean;
  /** Start of the silence window (workflow time, ISO 8601). */
  idleSince: string;
  /** When the check ran (workflow time, ISO 8601). */
  checkedAt: string;
  /** The device's last message as the store knows it, or null if it never sent one. */
  lastSeenAt: string | null;
}
