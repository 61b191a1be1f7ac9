import type { TestWorkflowEnvironment } from "@temporalio/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TASK_QUEUE } from "../src/temporal/shared.ts";
import { createWorker } from "../src/temporal/worker.ts";
import { deviceInactivityWorkflow } from "../src/temporal/workflows.ts";
import { InMemoryDeviceStore } from "./support/in-memory-devices.ts";
import { createTimeSkippingEnvironment, INSTALL_TIMEOUT_MS, quietTemporalLogs } from "./support/temporal.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The Java test server skips timers while a result is awaited: a one-day inactivity window
 * completes in moments. Skipped time is global to the environment, so one per file, serially.
 */
describe("Temporal time-skipping server", () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    quietTemporalLogs();
    env = await createTimeSkippingEnvironment();
  }, INSTALL_TIMEOUT_MS);

  afterAll(async () => {
    await env?.teardown();
  });

  it("runs a one-day inactivity window in simulated time", async () => {
    const devices = new InMemoryDeviceStore();
    devices.addDevice("tenant-a", "dev-1", new Date("2026-01-01T00:00:00Z"));
    const worker = await createWorker({ connection: env.nativeConnection, deps: { devices } });
    const serverTimeBefore = await env.currentTimeMs();

    const result = await worker.runUntil(
      env.client.workflow.execute(deviceInactivityWorkflow, {
        args: [{ tenantId: "tenant-a", deviceId: "dev-1", timeoutMs: DAY_MS }],
        taskQueue: TASK_QUEUE,
        workflowId: `inactivity-day-${Date.now()}`,
      }),
    );

    expect(result).toMatchObject({ tenantId: "tenant-a", deviceId: "dev-1", markedInactive: true });
    expect(Date.parse(result.checkedAt) - Date.parse(result.idleSince)).toBeGreaterThanOrEqual(DAY_MS);
    expect((await env.currentTimeMs()) - serverTimeBefore).toBeGreaterThanOrEqual(DAY_MS);
    expect(devices.calls).toEqual([{ tenantId: "tenant-a", deviceId: "dev-1", since: new Date(result.idleSince) }]);
    expect(devices.isActive("tenant-a", "dev-1")).toBe(false);
  }, 60_000);
});
