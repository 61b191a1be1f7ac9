import type { DeviceActivityStore } from "../../src/temporal/activities.ts";

/**
 * The device store contract over a Map: the workflow tests need a store whose calls they can
 * see, not a database. Same semantics as the SQL implementation: mark inactive only when the
 * device sent nothing since `since`, and only within its tenant.
 */
export class InMemoryDeviceStore implements DeviceActivityStore {
  readonly calls: { tenantId: string; deviceId: string; since: Date }[] = [];
  private readonly devices = new Map<string, { lastSeenAt: Date | null; active: boolean }>();

  private key(tenantId: string, deviceId: string) {
    return `${tenantId}/${deviceId}`;
  }

  addDevice(tenantId: string, deviceId: string, lastSeenAt: Date | null) {
    this.devices.set(this.key(tenantId, deviceId), { lastSeenAt, active: true });
  }

  recordSeen(tenantId: string, deviceId: string, at: Date) {
    const device = this.devices.get(this.key(tenantId, deviceId));
    if (!device) throw new Error(`unknown device ${tenantId}/${deviceId}`);
    device.lastSeenAt = at;
  }

  isActive(tenantId: string, deviceId: string): boolean | undefined {
    return this.devices.get(this.key(tenantId, deviceId))?.active;
  }

  async markInactiveIfIdleSince(args: { tenantId: string; deviceId: string; since: Date }) {
    this.calls.push(args);
    const device = this.devices.get(this.key(args.tenantId, args.deviceId));
    if (!device) return { markedInactive: false, lastSeenAt: null };
    const idle = device.lastSeenAt === null || device.lastSeenAt < args.since;
    if (idle) device.active = false; // idempotent: a retried activity gets the same answer
    return { markedInactive: idle, lastSeenAt: device.lastSeenAt };
  }
}
