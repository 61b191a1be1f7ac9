import { announceLiveWatchChange, liveDeviceChannel } from "@industryos/device-protocol";
import type { Logger, RedisClient } from "@industryos/runtime";
import { ChannelListeners, type ChannelListener } from "./channel-listeners.ts";
import { decodeLiveUpdate, type LiveUpdate } from "./live-update.ts";

export type LiveListener = ChannelListener<LiveUpdate>;

/**
 * Devices' live channels on the web node's one Redis subscriber connection. A device's channel is
 * subscribed while at least one local subscription needs it, so a node receives only the devices
 * its clients watch, and any node can serve any client. Every confirmed SUBSCRIBE and UNSUBSCRIBE
 * is announced to publishers (announceLiveWatchChange) through `commands`, a connection not in
 * subscriber mode; the SUBSCRIBE's before `listen` resolves: the caller reads its snapshot after
 * it, so ingest publishes whatever commits later.
 */
export class LiveBus {
  private readonly channels: ChannelListeners<LiveUpdate>;

  constructor(subscriber: RedisClient, commands: RedisClient, logger?: Logger) {
    // Best effort: without it publishers notice the change within their refresh interval (ingest:
    // 5 s), and a Redis that cannot take the SET cannot carry the updates either.
    async function announce() {
      await announceLiveWatchChange(commands).catch((error: unknown) =>
        logger?.warn({ err: error }, "could not announce a live channel change"),
      );
    }
    this.channels = new ChannelListeners(subscriber, {
      decode: decodeLiveUpdate,
      kind: "live",
      logger,
      afterChange: announce,
    });
  }

  /** Listens to one device; the returned promise resolves when updates are flowing. */
  listen(tenantId: string, deviceId: string, listener: LiveListener): Promise<() => void> {
    return this.channels.listen(liveDeviceChannel(tenantId, deviceId), listener);
  }

  /** Channels this node is subscribed to (for stats and tests). */
  get channelCount(): number {
    return this.channels.channelCount;
  }
}
