/** Where an alarm's originator has a page in the console (devices do; other entities have none yet). */
export function originatorHref(alarm: { originatorType: string; originatorId: string }): string | undefined {
  return alarm.originatorType === "DEVICE" ? `/devices/${alarm.originatorId}` : undefined;
}

/** The statuses an alarm is "active" in: raised and not cleared, acknowledged or not. */
export const ACTIVE_STATUSES: ("ACTIVE_UNACK" | "ACTIVE_ACK")[] = ["ACTIVE_UNACK", "ACTIVE_ACK"];

/** How often alarm lists and counts refresh until WebSocket alarm subscriptions replace polling. */
export const ALARM_REFRESH_MS = 5_000;
