import { INACTIVITY_TIMEOUT_MS, type PlatformEvent } from "@industryos/device-protocol";
import type { Logger } from "@industryos/runtime";
import { failureStreak } from "./failure-streak.ts";
import type { DeviceActivity, DeviceDirectory } from "./ports.ts";

export { INACTIVITY_TIMEOUT_MS };

/**
 * Where the tracker's platform events go: ingest's uplink publisher (device-bus
 * `createUplinkPublisher`, the one every committed batch goes through), so they land on the
 * device's rule-engine partition.
 */
export type ActivityEventSink = (events: PlatformEvent[]) => Promise<void>;

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

  /** Platform events for the rule engine: CONNECT_EVENT, DISCONNECT_EVENT, ACTIVITY_EVENT (none until set). */
  private events: ActivityEventSink | null = null;

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

  /**
   * Sends the rule engine a device's connects and disconnects (MQTT; HTTP and CoAP have no
   * connection), and ACTIVITY_EVENT when a device reports after `inactivityTimeoutMs` of silence
   * (or for the first time), judged when its activity time is written, off the per-message path.
   */
  publishEvents(sink: ActivityEventSink, inactivityTimeoutMs = INACTIVITY_TIMEOUT_MS): void {
    this.events = sink;
    this.inactivityTimeoutMs = inactivityTimeoutMs;
  }

  private inactivityTimeoutMs = INACTIVITY_TIMEOUT_MS;

  private emit(msgType: string, tenantId: string, deviceId: string, at: number, data: Record<string, unknown>): void {
    this.emitAll([
      {
        type: "EVENT",
        tenantId,
        msgType,
        originatorType: "DEVICE",
        originatorId: deviceId,
        receivedAt: at,
        metadata: {},
        data: JSON.stringify(data),
      },
    ]);
  }

  /**
   * Events go out together once per event-loop turn: a fleet reconnecting after a restart
   * connects thousands of devices a second, and one publisher call per CONNECT_EVENT (a stream
   * append, a live-channel check and a daily count, each a Redis round trip) cost more than the
   * rest of the connection. Their order is kept.
   */
  private emitAll(events: PlatformEvent[]): void {
    if (!this.events || events.length === 0) return;
    const first = this.pendingEvents.length === 0;
    for (const event of events) this.pendingEvents.push(event);
    if (first) setImmediate(() => this.sendPendingEvents());
  }

  private pendingEvents: PlatformEvent[] = [];

  private sendPendingEvents(): void {
    const events = this.pendingEvents;
    this.pendingEvents = [];
    if (!this.events || events.length === 0) return;
    // Best effort, like the live updates: the outbox keeps the entries while Redis is away.
    this.events(events).catch((error: unknown) =>
      this.logger.warn({ err: error, events: events.length }, "device activity events not appended to the rule engine"),
    );
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
    this.emit("CONNECT_EVENT", tenantId, deviceId, at, { connectTime: at });
  }

  disconnected(tenantId: string, deviceId: string, at = Date.now()) {
    this.entry(tenantId, deviceId).lastDisconnectAt = at;
    this.emit("DISCONNECT_EVENT", tenantId, deviceId, at, { disconnectTime: at });
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
        const becameActive = await this.directory.recordActivity(
          updates,
          this.events ? this.inactivityTimeoutMs : undefined,
        );
        this.failures.succeeded();
        if (becameActive)
          this.emitAll(
            becameActive.map((d) => ({
              type: "EVENT",
              tenantId: d.tenantId,
              msgType: "ACTIVITY_EVENT",
              originatorType: "DEVICE",
              originatorId: d.deviceId,
              receivedAt: d.lastActivityAt,
              metadata: {},
              data: JSON.stringify({
                active: true,
                lastActivityTime: d.lastActivityAt,
                ...(d.previousActivityAt !== null ? { previousActivityTime: d.previousActivityAt } : {}),
              }),
            })),
          );
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
    this.sendPendingEvents();
  }
}
