// Device activity kept through a failed write: the next write carries everything, merged with
// what happened meanwhile, and the outage is logged once.
import { describe, expect, it, vi } from "vitest";
import type { Logger } from "@industryos/runtime";
import { ActivityTracker } from "../src/core/activity-tracker.ts";
import type { DeviceActivity, DeviceDirectory } from "../src/core/ports.ts";

const TENANT = "6f1d0c1e-6a55-4c3f-9d0e-2b8f5a7c9e01";
const DEVICE = "0b7e6d2a-3c4f-4e5a-8b9c-1d2e3f4a5b6c";

function directoryFailing(times: number) {
  const written: DeviceActivity[][] = [];
  const directory = {
    recordActivity: async (updates: DeviceActivity[]) => {
      if (times-- > 0) throw new Error("database unavailable");
      written.push(updates.map((u) => ({ ...u })));
    },
  } as unknown as DeviceDirectory;
  return { directory, written };
}

function recordingLogger() {
  const warnings: unknown[] = [];
  const logger = { warn: (fields: unknown) => warnings.push(fields) } as unknown as Logger;
  return { logger, warnings };
}

describe("ActivityTracker", () => {
  it("keeps a connect time through a failed write even when activity arrives during it", async () => {
    let failWrite!: (error: Error) => void;
    const written: DeviceActivity[][] = [];
    let calls = 0;
    const directory = {
      recordActivity: (updates: DeviceActivity[]) => {
        if (calls++ === 0) return new Promise<void>((_, reject) => (failWrite = reject));
        written.push(updates.map((u) => ({ ...u })));
        return Promise.resolve();
      },
    } as unknown as DeviceDirectory;
    const tracker = new ActivityTracker(directory, recordingLogger().logger, 3_600_000);
    tracker.connected(TENANT, DEVICE, 1_000);
    const failing = tracker.flush();
    await new Promise((r) => setImmediate(r)); // the write is under way
    tracker.activity(TENANT, DEVICE, 2_000); // while the database has not answered yet
    failWrite(new Error("database unavailable"));
    await failing;
    tracker.disconnected(TENANT, DEVICE, 3_000);
    await tracker.flush();
    expect(written).toEqual([
      [{ tenantId: TENANT, deviceId: DEVICE, lastConnectAt: 1_000, lastActivityAt: 2_000, lastDisconnectAt: 3_000 }],
    ]);
    await tracker.close();
  });

  it("logs an outage once, however many writes fail", async () => {
    const { directory, written } = directoryFailing(3);
    const { logger, warnings } = recordingLogger();
    const tracker = new ActivityTracker(directory, logger, 3_600_000);
    for (let i = 0; i < 3; i++) {
      tracker.activity(TENANT, DEVICE, 1_000 + i);
      await tracker.flush();
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ devices: 1 });
    tracker.activity(TENANT, DEVICE, 2_000);
    await tracker.flush();
    expect(written).toEqual([[{ tenantId: TENANT, deviceId: DEVICE, lastActivityAt: 2_000 }]]);
    await tracker.close();
  });

  it("writes connects and disconnects every second, a device that only sends every ten seconds", async () => {
    vi.useFakeTimers();
    try {
      const { directory, written } = directoryFailing(0);
      const tracker = new ActivityTracker(directory, recordingLogger().logger, 1_000, 10_000);
      const SENDER = "0b7e6d2a-3c4f-4e5a-8b9c-1d2e3f4a5b6d";
      tracker.activity(TENANT, SENDER, 500);
      tracker.connected(TENANT, DEVICE, 600);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(written).toEqual([[{ tenantId: TENANT, deviceId: DEVICE, lastConnectAt: 600, lastActivityAt: 600 }]]);
      tracker.activity(TENANT, SENDER, 5_000);
      await vi.advanceTimersByTimeAsync(8_000);
      expect(written).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(written[1]).toEqual([{ tenantId: TENANT, deviceId: SENDER, lastActivityAt: 5_000 }]);
      await tracker.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
