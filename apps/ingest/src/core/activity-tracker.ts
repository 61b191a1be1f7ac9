import type { Logger } from "@industryos/runtime";
import { failureStreak } from "./failure-streak.ts";
import type { DeviceActivity, DeviceDirectory } from "./ports.ts";

const newest = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));

/**
 * Device activity (last connect/disconnect/activity time) coalesced in memory and written once
 * a second in one statement: per-message activity writes are what capped ThingsBoard's
 * single-node throughput.
 */
export class ActivityTracker {
  private readonly changes = new Map<string, DeviceActivity>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  // While the database is down this fails every second.
  private readonly failures = failureStreak<{ error: unknown; devices: number }>(({ error, devices }) =>
    this.logger.warn({ err: error, devices }, "device activity write failed; will retry"),
  );

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
        this.failures.succeeded();
      } catch (error) {
        // Activity is advisory: keep the values for the next attempt instead of failing anything,
        // merged with what arrived meanwhile (a connect time must survive a later activity time).
        for (const update of updates) {
          const later = this.changes.get(update.deviceId);
          if (!later) this.changes.set(update.deviceId, update);
          else {
            later.lastActivityAt = newest(update.lastActivityAt, later.lastActivityAt);
            later.lastConnectAt = newest(update.lastConnectAt, later.lastConnectAt);
            later.lastDisconnectAt = newest(update.lastDisconnectAt, later.lastDisconnectAt);
          }
        }
        this.failures.failed({ error, devices: updates.length });
      }
    });
    return this.flushing;
  }

  async close() {
    clearInterval(this.timer);
    await this.flush();
  }
}
