/**
 * Workflow code runs in Temporal's deterministic sandbox: no I/O, no Node built-ins, and only
 * activity *types* imported (the activities themselves run in the worker). `Date.now()` here
 * is workflow time, replayed identically.
 */
import { proxyActivities, sleep } from "@temporalio/workflow";
import type { Activities } from "../activities.ts";
import type { DeviceInactivityInput, DeviceInactivityResult } from "../shared.ts";

const { markDeviceInactiveIfIdle } = proxyActivities<Activities>({
  startToCloseTimeout: "1 minute",
  retry: { maximumAttempts: 10 },
});

/** Waits `timeoutMs`, then marks the device inactive unless it sent something meanwhile. */
export async function deviceInactivityWorkflow(input: DeviceInactivityInput): Promise<DeviceInactivityResult> {
  const idleSince = new Date(Date.now()).toISOString();
  await sleep(input.timeoutMs);
  const outcome = await markDeviceInactiveIfIdle({ tenantId: input.tenantId, deviceId: input.deviceId, idleSince });
  return {
    tenantId: input.tenantId,
    deviceId: input.deviceId,
    markedInactive: outcome.markedInactive,
    idleSince,
    checkedAt: new Date(Date.now()).toISOString(),
    lastSeenAt: outcome.lastSeenAt,
  };
}
