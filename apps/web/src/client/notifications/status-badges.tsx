"use client";
import { Badge } from "@industryos/ui";

const DELIVERY_TONE = {
  PENDING: "blue",
  SENT: "green",
  DELIVERED: "green",
  FAILED: "red",
  RATE_LIMITED: "amber",
} as const;

const DELIVERY_WORDS: Record<string, string> = {
  PENDING: "sending",
  SENT: "sent",
  DELIVERED: "delivered",
  FAILED: "failed",
  RATE_LIMITED: "rate-limited",
};

export function DeliveryStatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={DELIVERY_TONE[status as keyof typeof DELIVERY_TONE] ?? "slate"}>
      {DELIVERY_WORDS[status] ?? status}
    </Badge>
  );
}

const REQUEST_TONE = { PROCESSING: "blue", SENT: "green", FAILED: "red" } as const;
const REQUEST_WORDS: Record<string, string> = { PROCESSING: "sending", SENT: "sent", FAILED: "failed" };

export function RequestStatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={REQUEST_TONE[status as keyof typeof REQUEST_TONE] ?? "slate"}>{REQUEST_WORDS[status] ?? status}</Badge>
  );
}

export const CHANNEL_LABELS: Record<string, string> = {
  IN_APP: "In-app",
  EMAIL: "Email",
  SMS: "SMS",
  SLACK: "Slack",
  WEBHOOK: "Webhook",
};

/** "3 sent, 1 failed" from a request's stats. */
export function statsSummary(stats: unknown): string {
  const byStatus = (stats as { byStatus?: Record<string, number> } | null)?.byStatus ?? {};
  const parts = Object.entries(byStatus)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${DELIVERY_WORDS[status] ?? status.toLowerCase()}`);
  return parts.length ? parts.join(", ") : "no deliveries yet";
}
