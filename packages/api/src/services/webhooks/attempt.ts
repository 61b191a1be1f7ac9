import type { OutboundClient } from "@industryos/outbound-http";
import { signWebhookBody } from "./signature.ts";

/** One delivery as an attempt needs it: its id (the `IndustryOS-Delivery` header), event type and exact body. */
export interface DeliveryToSend {
  id: string;
  eventType: string;
  /** The body's text (`webhookPayload(...).text`, or `JSON.stringify` of the stored payload). */
  body: string;
}

/** What one POST of a delivery came to, as `WebhookDeliveryAttempt` records it. */
export interface AttemptResult {
  succeeded: boolean;
  /** The receiver's status, or null when it did not answer (refused, unreachable, timed out). */
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  at: Date;
}

export const WEBHOOK_USER_AGENT = "IndustryOS-Webhooks/1";

/** The headers of one attempt: a fresh signature timestamp each time, the same delivery id. */
export function deliveryHeaders(secret: string, delivery: DeliveryToSend, now = Date.now()): Record<string, string> {
  return {
    "content-type": "application/json",
    "user-agent": WEBHOOK_USER_AGENT,
    "IndustryOS-Event": delivery.eventType,
    "IndustryOS-Delivery": delivery.id,
    "IndustryOS-Signature": signWebhookBody(secret, delivery.body, Math.floor(now / 1_000)),
  };
}

const snippet = (text: string) => {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
};

/**
 * POSTs a delivery once. Only a 2xx is a success: a redirect is not followed (see
 * @industryos/outbound-http) and counts as a failure, like any other answer, a refusal, a network
 * error or no answer within the client's deadline (10 s). Never throws.
 */
export async function attemptDelivery(
  client: OutboundClient,
  webhook: { url: string; secret: string },
  delivery: DeliveryToSend,
): Promise<AttemptResult> {
  const at = new Date();
  const started = performance.now();
  try {
    const answer = await client.send({
      url: webhook.url,
      method: "POST",
      headers: deliveryHeaders(webhook.secret, delivery, at.getTime()),
      body: delivery.body,
    });
    const succeeded = answer.status >= 200 && answer.status < 300;
    let error: string | null = null;
    if (!succeeded) {
      const location = answer.headers.location;
      error =
        answer.status >= 300 && answer.status < 400
          ? `HTTP ${answer.status}: redirects are not followed${location ? ` (to ${snippet(String(location))})` : ""}`
          : `HTTP ${answer.status}${answer.body ? `: ${snippet(answer.body)}` : ""}`;
    }
    return { succeeded, statusCode: answer.status, durationMs: answer.durationMs, error, at };
  } catch (error) {
    return {
      succeeded: false,
      statusCode: null,
      durationMs: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
      at,
    };
  }
}
