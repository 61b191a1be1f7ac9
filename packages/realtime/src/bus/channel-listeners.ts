import type { Logger, RedisClient } from "@industryos/runtime";

export type ChannelListener<T> = (message: T) => void;

export interface ChannelListenersOptions<T> {
  /** Reads one message; null for anything malformed (dropped, never handed on). */
  decode: (text: string) => T | null;
  /** Names the channels in log lines ("alarm", "live", ...). */
  kind: string;
  logger?: Logger;
  /**
   * Runs after each confirmed SUBSCRIBE (before `listen` resolves) and UNSUBSCRIBE. LiveBus
   * announces its watched channels to publishers here; a failure must not reject (catch inside).
   */
  afterChange?: () => Promise<void>;
}

interface Channel<T> {
  listeners: Set<ChannelListener<T>>;
  /** Resolves once Redis has confirmed the SUBSCRIBE, so no later publish can be missed. */
  ready: Promise<unknown>;
}

/**
 * The channels of one kind on a node's Redis subscriber connection: a channel is subscribed while
 * at least one local listener needs it (reference counted) and unsubscribed with its last one, so
 * a node receives only what its clients watch; each message is decoded once and handed to every
 * listener of its channel. Several registries share one subscriber connection, each ignoring the
 * channels it did not subscribe.
 */
export class ChannelListeners<T> {
  private readonly channels = new Map<string, Channel<T>>();

  constructor(
    private readonly subscriber: RedisClient,
    private readonly options: ChannelListenersOptions<T>,
  ) {
    subscriber.on("message", (channel: string, message: string) => this.dispatch(channel, message));
  }

  /** Listens to `name`; resolves with the listener's stop once Redis confirmed the SUBSCRIBE. */
  async listen(name: string, listener: ChannelListener<T>): Promise<() => void> {
    const { afterChange, logger, kind } = this.options;
    let channel = this.channels.get(name);
    if (!channel) {
      const subscribed = this.subscriber.subscribe(name);
      const ready = afterChange ? subscribed.then(afterChange) : subscribed;
      channel = { listeners: new Set(), ready };
      this.channels.set(name, channel);
      ready.catch((error: unknown) => logger?.warn({ err: error, channel: name }, `${kind} channel subscribe failed`));
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
        this.subscriber.unsubscribe(name).then(
          () => afterChange?.(),
          () => {},
        );
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

  /** Channels subscribed (for stats and tests). */
  get channelCount(): number {
    return this.channels.size;
  }

  private dispatch(name: string, text: string): void {
    const channel = this.channels.get(name);
    if (!channel || channel.listeners.size === 0) return;
    const message = this.options.decode(text);
    if (message === null) return;
    for (const listener of channel.listeners) {
      try {
        listener(message);
      } catch (error) {
        this.options.logger?.error({ err: error, channel: name }, `${this.options.kind} listener failed`);
      }
    }
  }
}
