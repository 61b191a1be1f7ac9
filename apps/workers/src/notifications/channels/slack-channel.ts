import { ErrorCode, WebClient, type WebAPIPlatformError } from "@slack/web-api";
import type { ProviderEndpoints } from "../notification-deps.ts";
import { PermanentDeliveryError, TransientDeliveryError, type ChannelSender, type ChannelSettings } from "./channel.ts";

/** Slack errors that another attempt may get past; every other platform error is final (auth, channel, scopes). */
const TRANSIENT_SLACK_ERRORS = new Set([
  "ratelimited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
]);

/** How a delivery marks its message, so it can be recognised in the channel's history after an unsure attempt. */
const EVENT_TYPE = "industryos_notification";

function clientFor(settings: ChannelSettings, endpoints: ProviderEndpoints, timeoutMs: number) {
  const slack = settings.providers.SLACK;
  if (!slack)
    throw new PermanentDeliveryError("No Slack provider is configured: add a bot token in the notification settings");
  // No retries of its own (the workflow retries), and a rate limit is an answer, not a wait.
  return new WebClient(slack.botToken, {
    ...(endpoints.slackApiUrl ? { slackApiUrl: endpoints.slackApiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
  });
}

function failure(error: unknown): Error {
  const coded = error as { code?: string; data?: { error?: string } };
  if (coded.code === ErrorCode.PlatformError) {
    const reason = (error as WebAPIPlatformError).data.error;
    const text = `Slack refused the message: ${reason}`;
    const answer = { provider: "slack", error: reason };
    return TRANSIENT_SLACK_ERRORS.has(reason)
      ? new TransientDeliveryError(text, answer)
      : new PermanentDeliveryError(text, answer);
  }
  if (coded.code === ErrorCode.RateLimitedError) return new TransientDeliveryError("Slack rate-limited the message");
  if (coded.code === ErrorCode.HTTPError)
    return new TransientDeliveryError(`Slack answered ${(error as Error).message}`);
  return error as Error;
}

/**
 * Slack through `chat.postMessage` with the tenant's bot token. Each message carries the delivery id
 * in its metadata, so after an unsure attempt `findSent` finds it in the channel's history (with the
 * bot's `channels:history` scope and a channel id; where Slack does not answer that, the message is
 * sent again rather than lost).
 */
export function createSlackChannel(endpoints: ProviderEndpoints, timeoutMs: number): ChannelSender {
  return {
    confirmsDelivery: true,
    async send(message, settings) {
      const client = clientFor(settings, endpoints, timeoutMs);
      const text = message.content.subject
        ? `*${message.content.subject}*\n${message.content.body}`
        : message.content.body;
      try {
        const answer = await client.chat.postMessage({
          channel: message.recipient,
          text,
          metadata: { event_type: EVENT_TYPE, event_payload: { deliveryId: message.deliveryId } },
        });
        return { provider: "slack", channel: answer.channel ?? null, ts: answer.ts ?? null };
      } catch (error) {
        throw failure(error);
      }
    },

    async findSent(message, settings, since) {
      const client = clientFor(settings, endpoints, timeoutMs);
      try {
        const history = await client.conversations.history({
          channel: message.recipient,
          oldest: String((since.getTime() - 60_000) / 1000),
          include_all_metadata: true,
          limit: 200,
        });
        const found = history.messages?.find(
          (m) =>
            (m as { metadata?: { event_type?: string; event_payload?: { deliveryId?: string } } }).metadata
              ?.event_payload?.deliveryId === message.deliveryId,
        );
        return found ? { provider: "slack", ts: found.ts ?? null, foundAfterRestart: true } : null;
      } catch {
        // No history to read (a channel name, a missing scope): sending again beats losing the message.
        return null;
      }
    },
  };
}
