import { announceLiveWatchChange, liveDeviceChannel } from "@industryos/device-protocol";
import type { Redis } from "ioredis";
import type { Logger } from "@industryos/runtime";
import { decodeLiveUpdate, type LiveUpdate } from "./live-update.ts";

export type LiveListener = (update: LiveUpdate) => void;

interface Channel {
  listeners: Set<LiveListener>;
  /** Resolves once Redis has confirmed the SUBSCRIBE, so no later publish can be missed. */
  ready: Promise<void>;
}

/**
 * The web node's one Redis subscriber connection. A device's channel is subscribed while at
 * least one local subscription needs it (reference counted), so a node receives only the
 * devices its clients watch, and any node can serve any client. Every confirmed SUBSCRIBE and
 * UNSUBSCRIBE is announced to publishers (announceLiveWatchChange) through `commands`, a
 * connection not in subscriber mode.
 */
export class LiveBus {
  private readonly channels = new Map<string, Channel>();

  constructor(
    private readonly subscriber: Redis,
    private readonly commands: Redis,
    private readonly logger?: Logger,
  ) {
    subscriber.on("message", (channel: string, message: string) => this.dispatch(channel, message));
  }

  /** Listens to one device; the returned promise resolves when updates are flowing. */
  async listen(tenantId: string, deviceId: string, listener: LiveListener): Promise<() => void> {
    const name = liveDeviceChannel(tenantId, deviceId);
    let channel = this.channels.get(name);
    if (!channel) {
      // Announced before `ready`: the caller reads its snapshot after it, so ingest publishes
      // whatever commits later.
      const ready = this.subscriber.subscribe(name).then(() => this.announce());
      channel = { listeners: new Set(), ready };
      this.channels.set(name, channel);
      ready.catch((error: unknown) =>
        this.logger?.warn({ err: error, channel: name }, "live channel subscribe failed"),
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
        this.subscriber.unsubscribe(name).then(
          () => this.announce(),
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

  /**
   * Best effort: without it publishers notice the change within their refresh interval (ingest:
   * 5 s), and a Redis that cannot take the SET cannot carry the updates either.
   */
  private async announce(): Promise<void> {
    await announceLiveWatchChange(this.commands).catch((error: unknown) =>
      this.logger?.warn({ err: error }, "could not announce a live channel change"),
    );
  }

  /** Channels this node is subscribed to (for stats and tests). */
  get channelCount(): number {
    return this.channels.size;
  }

  private dispatch(name: string, message: string): void {
    const channel = this.channels.get(name);
    if (!channel || channel.listeners.size === 0) return;
    const update = decodeLiveUpdate(message);
    if (!update) return;
    for (const listener of channel.listeners) {
      try {
        listener(update);
      } catch (error) {
        this.logger?.error({ err: error, channel: name }, "live listener failed");
      }
    }
  }
}
