import type { ChannelText, NotificationChannel, OpenedProviders } from "@industryos/api/notifications";

/** One recipient's message, rendered for its channel. */
export interface OutgoingMessage {
  tenantId: string;
  requestId: string;
  /** Stable across retries: the providers' idempotency key where they have one, and how a send is found again. */
  deliveryId: string;
  channel: NotificationChannel;
  /** A user id (IN_APP), an email address, an E.164 number, a Slack channel or a URL. */
  recipient: string;
  userId: string | null;
  content: ChannelText;
  /** The event's fields (for the webhook's JSON body and the in-app notification's link). */
  info: Record<string, unknown>;
  /** The kind of event, for the in-app notification. */
  notificationType: string;
  /** A webhook target's headers, opened. */
  headers?: Record<string, string>;
}

/** What the provider answered: its message id and whatever else the log should show. */
export type ProviderAnswer = Record<string, unknown>;

/** The tenant's providers (opened) and whatever else a channel needs for one tenant. */
export interface ChannelSettings {
  providers: OpenedProviders;
}

export interface ChannelSender {
  /**
   * The provider's answer says the message arrived, not only that it was taken (Slack's `ok`: posted in the
   * channel; a webhook's 2xx: the receiver has it): the delivery is DELIVERED rather than SENT.
   */
  confirmsDelivery?: boolean;
  /**
   * Sends one message. Throws `PermanentDeliveryError` when asking again cannot help (not
   * configured, refused address, the provider rejected the recipient or the credentials), anything
   * else when it may (a 5xx, a timeout, the network).
   */
  send(message: OutgoingMessage, settings: ChannelSettings): Promise<ProviderAnswer>;
  /**
   * After an attempt whose outcome is unknown (the worker stopped between sending and recording),
   * asks the provider whether the message went out, so it is not sent twice: the answer when it
   * did, null when it did not. Channels whose send is idempotent by itself (an idempotency key, a
   * unique row) have none.
   */
  findSent?(message: OutgoingMessage, settings: ChannelSettings, since: Date): Promise<ProviderAnswer | null>;
}

/** A failure no retry can fix: the delivery is marked FAILED with this message at once. */
export class PermanentDeliveryError extends Error {
  constructor(
    message: string,
    readonly answer?: ProviderAnswer,
  ) {
    super(message);
    this.name = "PermanentDeliveryError";
  }
}

/**
 * A failure worth retrying whose outcome is known: nothing was sent (the provider answered 5xx or
 * 429). Other errors (a timeout, a connection cut mid-request) leave the outcome open, and the next
 * attempt asks the provider first (`findSent`).
 */
export class TransientDeliveryError extends Error {
  constructor(
    message: string,
    readonly answer?: ProviderAnswer,
  ) {
    super(message);
    this.name = "TransientDeliveryError";
  }
}

/** Turns an HTTP status into the right kind of failure: 408, 429 and 5xx may pass later, other 4xx will not. */
export function failureFor(status: number, message: string, answer?: ProviderAnswer): Error {
  const retryable = status >= 500 || status === 408 || status === 429;
  return retryable ? new TransientDeliveryError(message, answer) : new PermanentDeliveryError(message, answer);
}
