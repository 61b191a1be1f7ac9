import type { Logger } from "@industryos/runtime";
import type { Redis } from "ioredis";
import { decodeNotificationEvent, notificationsChannel, type NotificationEvent } from "../notifications.ts";

export type NotificationListener = (event: NotificationEvent) => void;

/**
 * Users' notification channels on the node's Redis subscriber connection, each subscribed while at
 * least one local subscription of that user listens (reference counted), as AlarmBus does for tenants.
 */
export class NotificationBus {
  private readonly channels = new Map<string, { listeners: Set<NotificationListener>; ready: Promise<unknown> }>();

  constructor(
    private readonly subscriber: Redis,
    private readonly logger?: Logger,
  ) {
    subscriber.on("message", (channel: string, message: string) => this.dispatch(channel, message));
  }

  /** Listens to the user's inbox changes; resolves once Redis confirmed the SUBSCRIBE. */
  async listen(tenantId: string, userId: string, listener: NotificationListener): Promise<() => void> {
    const name = notificationsChannel(tenantId, userId);
    let channel = this.channels.get(name);
    if (!channel) {
      const ready = this.subscriber.subscribe(name);
      channel = { listeners: new Set(), ready };
      this.channels.set(name, channel);
      ready.catch((error: unknown) =>
        this.logger?.warn({ err: error, channel: name }, "notification channel subscribe failed"),
      );
    }
    channel.listeners.add(listener);
    const current = channel;
    let stopped = false;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      current.listeners.delete(listener);
      if (current.listeners.size === 0 && this.channels.get(name) === current) {
        this.channels.delete(name);
        this.subscriber.unsubscribe(name).catch(() => {});
      }
    };
    try {
      await current.ready;
    } catch (error) {
      stop();
      throw error;
    }
    return stop;
  }

  get channelCount(): number {
    return this.channels.size;
  }

  private dispatch(name: string, text: string): void {
    const channel = this.channels.get(name);
    if (!channel || channel.listeners.size === 0) return;
    const event = decodeNotificationEvent(text);
    if (!event) return;
    for (const listener of channel.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger?.error({ err: error, channel: name }, "notification listener failed");
      }
    }
  }
}
