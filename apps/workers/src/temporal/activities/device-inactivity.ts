/** What the inactivity check needs from device storage (backed by the database in the app). */
export interface DeviceActivityStore {
  /**
   * Marks the device inactive when it sent nothing since `since`, in one atomic step, and says
   * whether it did. Scoped to the tenant: a device of another tenant is never touched.
   */
  markInactiveIfIdleSince(args: {
    tenantId: string;
    deviceId: string;
    since: Date;
  }): Promise<{ markedInactive: boolean; lastSeenAt: Date | null }>;
}

export function createDeviceInactivityActivities({ devices }: { devices: DeviceActivityStore }) {
  return {
    /** Payloads cross the wire as JSON, so dates travel as ISO strings. */
    async markDeviceInactiveIfIdle(input: {
      tenantId: string;
      deviceId: string;
      idleSince: string;
    }): Promise<{ markedInactive: boolean; lastSeenAt: string | null }> {
      const outcome = await devices.markInactiveIfIdleSince({
        tenantId: input.tenantId,
        deviceId: input.deviceId,
        since: new Date(input.idleSince),
      });
      return { markedInactive: outcome.markedInactive, lastSeenAt: outcome.lastSeenAt?.toISOString() ?? null };
    },
  };
}
