import type { NotificationChannel } from "../notification-templates/schemas.ts";
import { NOTIFICATION_CHANNELS } from "../notification-templates/schemas.ts";

/**
 * Notifications a tenant may send per minute on each channel unless its settings say otherwise:
 * enough for an alarm storm to reach people, few enough that one cannot run up an SMS bill or get
 * the sender blocked by a provider. Deliveries over the limit wait (RATE_LIMITED) for the next minute.
 */
export const DEFAULT_RATE_LIMITS: Record<NotificationChannel, number> = {
  IN_APP: 600,
  EMAIL: 60,
  SMS: 30,
  SLACK: 60,
  WEBHOOK: 300,
};

/** The limits in force: the tenant's own where set, the platform default elsewhere. */
export function effectiveRateLimits(stored: unknown): Record<NotificationChannel, number> {
  const own = (stored ?? {}) as Partial<Record<NotificationChannel, unknown>>;
  return Object.fromEntries(
    NOTIFICATION_CHANNELS.map((channel) => {
      const value = own[channel];
      return [channel, typeof value === "number" && value > 0 ? value : DEFAULT_RATE_LIMITS[channel]];
    }),
  ) as Record<NotificationChannel, number>;
}
