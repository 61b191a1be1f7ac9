import type { Logger } from "@industryos/runtime";
import { failureStreak } from "./failure-streak.ts";
import type { DeviceActivity, DeviceDirectory } from "./ports.ts";

const newest = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

/**
 * Device activity (last connect/disconnect/activity time) coalesced in memory and written in one
 * statement: per-message activity writes are what capped ThingsBoard's single-node throughput.
 * Connects and disconnects are written within `intervalMs` (1 s); a device that only sends has
 * its activity time written every `activityIntervalMs` (10 s): readers judge activity against a
 * 10-minute inactivity timeout, and rewriting every sending device's row each second cost the
 * database ~35 ms a second per 1,000 devices.
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
    activityIntervalMs = 10_000,
  ) {
    const ticksPerActivityWrite = Math.max(1, Math.round(activityIntervalMs / intervalMs));
    let ticks = 0;
    this.timer = setInterval(
      () => void this.flush({ includeActivityOnly: ++ticks % ticksPerActivityWrite === 0 }),
      intervalMs,
    );
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

  /** Writes what is pending; with `includeActivityOnly: false`, only devices that connected or disconnected. */
  flush({ includeActivityOnly = true }: { includeActivityOnly?: boolean } = {}): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.changes.size === 0) return;
      const updates: DeviceActivity[] = [];
      for (const [deviceId, entry] of this.changes) {
        if (!includeActivityOnly && entry.lastConnectAt === undefined && entry.lastDisconnectAt === undefined) continue;
        updates.push(entry);
        this.changes.delete(deviceId);
      }
      if (updates.length === 0) return;
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
