import { twilioStatusPath } from "@industryos/api/notifications";
import twilio from "twilio";
import type TwilioRequestClient from "twilio/lib/base/RequestClient";
import type { ProviderEndpoints } from "../notification-deps.ts";
import { failureFor, PermanentDeliveryError, type ChannelSender, type ChannelSettings } from "./channel.ts";

const TWILIO_HOST = "https://api.twilio.com";

/**
 * The SDK's own HTTP client, with Twilio's host swapped for TWILIO_API_URL when one is configured (a
 * regional edge, a proxy, a local server speaking Twilio's API in tests). Its own retries stay off:
 * the workflow retries, with backoff, and asks Twilio first whether an unsure attempt went out.
 */
class EndpointRequestClient extends twilio.RequestClient {
  constructor(
    private readonly apiUrl: string | undefined,
    timeoutMs: number,
  ) {
    super({ timeout: timeoutMs, autoRetry: false, keepAlive: true });
  }

  override request<T>(opts: TwilioRequestClient.RequestOptions<T>) {
    const base = this.apiUrl?.replace(/\/+$/, "");
    if (base && opts.uri.startsWith(TWILIO_HOST)) opts.uri = base + opts.uri.slice(TWILIO_HOST.length);
    return super.request<T>(opts);
  }
}

function clientFor(settings: ChannelSettings, endpoints: ProviderEndpoints, timeoutMs: number) {
  const account = settings.providers.SMS;
  if (!account)
    throw new PermanentDeliveryError(
      "No SMS provider is configured: add a Twilio account in the notification settings",
    );
  const client = twilio(account.accountSid, account.authToken, {
    httpClient: new EndpointRequestClient(endpoints.twilioApiUrl, timeoutMs),
  });
  return { client, account };
}

const isMessagingService = (from: string) => from.startsWith("MG");

/**
 * SMS through Twilio's Messages API, from the tenant's number or messaging service. Twilio keeps no
 * idempotency key for messages, so after an unsure attempt `findSent` lists what went to the number
 * since then and looks for the same text.
 */
export function createSmsChannel(endpoints: ProviderEndpoints, timeoutMs: number): ChannelSender {
  return {
    async send(message, settings) {
      const { client, account } = clientFor(settings, endpoints, timeoutMs);
      try {
        const sent = await client.messages.create({
          to: message.recipient,
          body: message.content.body,
          // Twilio reports delivered / undelivered there; the web app moves the delivery on.
          ...(endpoints.publicUrl
            ? {
                statusCallback: new URL(
                  twilioStatusPath(message.tenantId, message.deliveryId),
                  endpoints.publicUrl,
                ).toString(),
              }
            : {}),
          ...(isMessagingService(account.from) ? { messagingServiceSid: account.from } : { from: account.from }),
        });
        return { provider: "twilio", sid: sent.sid, status: sent.status, segments: sent.numSegments };
      } catch (error) {
        if (!(error instanceof twilio.RestException)) throw error;
        const answer = { provider: "twilio", status: error.status, code: error.code ?? null, message: error.message };
        throw failureFor(
          error.status,
          `Twilio refused the SMS (${error.status}, code ${error.code}): ${error.message}`,
          answer,
        );
      }
    },

    async findSent(message, settings, since) {
      const { client, account } = clientFor(settings, endpoints, timeoutMs);
      const recent = await client.messages.list({
        to: message.recipient,
        ...(isMessagingService(account.from) ? {} : { from: account.from }),
        dateSentAfter: new Date(since.getTime() - 60_000),
        limit: 50,
      });
      const match = recent.find(
        (m) => m.body === message.content.body && m.dateCreated.getTime() >= since.getTime() - 60_000,
      );
      return match ? { provider: "twilio", sid: match.sid, status: match.status, foundAfterRestart: true } : null;
    },
  };
}
