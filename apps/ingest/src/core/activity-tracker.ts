import type { Logger } from "@industryos/runtime";
import type { DeviceActivity, DeviceDirectory } from "./ports.ts";

/**
 * Device activity (last connect/disconnect/activity time) coalesced in memory and written once
 * a second in one statement: per-message activity writes are what capped ThingsBoard's
 * single-node throughput.
 */
export class ActivityTracker {
  private readonly changes = new Map<string, DeviceActivity>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private failing = false;

  constructor(
    private readonly directory: DeviceDirectory,
    private readonly logger: Logger,
    intervalMs = 1000,
  ) {
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  private entry(tenantId: string, deviceId: string): DeviceActivity {
    let entry = this.changes.get(deviceId);
    if (!entry) {
      entry = { tenantId, deviceId };
      this.changes.set(deviceId, entry);
    }
    return entry;
  }

  activity(tenantId: string, deviceId: string, at = Date.now()) {
    this.entry(tenantId, deviceId).lastActivityAt = at;
  }

  connected(tenantId: string, deviceId: string, at = Date.now()) {
    const entry = this.entry(tenantId, deviceId);
    entry.lastConnectAt = at;
    entry.lastActivityAt = at;
  }

  disconnected(tenantId: string, deviceId: string, at = Date.now()) {
    this.entry(tenantId, deviceId).lastDisconnectAt = at;
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.changes.size === 0) return;
      const updates = [...this.changes.values()];
      this.changes.clear();
      try {
        await this.directory.recordActivity(updates);
        this.failing = false;
      } catch (error) {
        // Activity is advisory: keep the newest values for the next attempt instead of failing anything.
        for (const update of updates) if (!this.changes.has(update.deviceId)) this.changes.set(update.deviceId, update);
        if (!this.failing) this.logger.warn({ err: error, devices: updates.length }, "device activity write failed; will retry");
        this.failing = true;
        return;
      }
    });
    return this.flushing;
  }

  async close() {
    clearInterval(this.timer);
    await this.flush();
  }
}
