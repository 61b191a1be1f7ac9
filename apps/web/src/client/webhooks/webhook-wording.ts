import type { RouterInputs } from "@industryos/api/router";

/** What a webhook may subscribe to, as the API's schema says (`"*"` aside). */
export type WebhookEventType = Exclude<RouterInputs["webhooks"]["create"]["body"]["events"][number], "*">;

/**
 * Each event type in words, in the order the form offers them. Typed by the API's own list: an
 * event type added there fails the console's build until it has its words here.
 */
export const EVENT_LABELS: Record<WebhookEventType, string> = {
  telemetry: "Telemetry",
  attributes: "Attributes",
  "device.created": "Device created",
  "device.updated": "Device updated",
  "device.deleted": "Device deleted",
  "device.connected": "Device connected",
  "device.disconnected": "Device disconnected",
  "alarm.created": "Alarm created",
  "alarm.updated": "Alarm updated",
  "alarm.acknowledged": "Alarm acknowledged",
  "alarm.cleared": "Alarm cleared",
  "rpc.completed": "RPC completed",
};

export const EVENT_TYPES = Object.keys(EVENT_LABELS) as WebhookEventType[];

export const eventsWording = (events: readonly string[]) =>
  events.includes("*") ? "All events" : events.map((e) => EVENT_LABELS[e as keyof typeof EVENT_LABELS] ?? e).join(", ");

export const DELIVERY_TONES = {
  PENDING: "blue",
  SUCCEEDED: "green",
  RETRYING: "amber",
  FAILED: "red",
} as const;

export const DELIVERY_WORDS = {
  PENDING: "sending",
  SUCCEEDED: "delivered",
  RETRYING: "retrying",
  FAILED: "failed",
} as const;

/** "HTTP 200 in 34 ms", "no answer after 10,000 ms", for an attempt or a delivery's last one. */
export function answerWording(statusCode: number | null, durationMs: number | null): string {
  const took = durationMs === null ? "" : ` in ${durationMs.toLocaleString()} ms`;
  return statusCode === null ? `no answer${took ? ` (${took.trim()})` : ""}` : `HTTP ${statusCode}${took}`;
}
