import type { Logger, RedisClient } from "@industryos/runtime";
import { decodeNotificationEvent, notificationsChannel, type NotificationEvent } from "../notifications.ts";
import { ChannelListeners, type ChannelListener } from "./channel-listeners.ts";

export type NotificationListener = ChannelListener<NotificationEvent>;

/**
 * Users' notification channels on the node's Redis subscriber connection, each subscribed while at
 * least one local subscription of that user listens.
 */
export class NotificationBus {
  private readonly channels: ChannelListeners<NotificationEvent>;

  constructor(subscriber: RedisClient, logger?: Logger) {
    this.channels = new ChannelListeners(subscriber, { decode: decodeNotificationEvent, kind: "notification", logger });
  }

  /** Listens to the user's inbox changes; resolves once Redis confirmed the SUBSCRIBE. */
  listen(tenantId: string, userId: string, listener: NotificationListener): Promise<() => void> {
    return this.channels.listen(notificationsChannel(tenantId, userId), listener);
  }

  get channelCount(): number {
    return this.channels.channelCount;
  }
}
