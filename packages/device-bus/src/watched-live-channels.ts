import { allNodes, type RedisClient } from "@industryos/runtime";
import { LIVE_CHANNEL_PATTERN, LIVE_WATCH_VERSION_KEY } from "@industryos/device-protocol";

/**
 * The live channels someone is subscribed to, for a batch committed before the call. Asked per
 * batch, it costs one GET of LIVE_WATCH_VERSION_KEY; the channels are listed again only when a
 * subscriber announced a change since the last listing (or after `maxAgeMs`, which bounds what a
 * subscription Redis restored by itself after a reconnect, unannounced, can miss).
 *
 * Exact for subscribers that announce after their SUBSCRIBE is confirmed: a value read after
 * the commit that equals the one read before the last listing means nobody announced since, so
 * every channel subscribed before the commit was in that listing.
 */
export function watchedLiveChannels(redis: RedisClient, maxAgeMs = 5_000): () => Promise<ReadonlySet<string>> {
  let version: string | null | undefined; // undefined: never listed
  let channels: ReadonlySet<string> = new Set();
  let listedAt = 0;
  return async () => {
    const current = await redis.get(LIVE_WATCH_VERSION_KEY);
    if (current !== version || performance.now() - listedAt > maxAgeMs) {
      const startedAt = performance.now();
      // PUBSUB CHANNELS answers for one server; a Redis Cluster's subscribers are spread over its nodes.
      const listings = await Promise.all(
        allNodes(redis).map((node) => node.call("PUBSUB", "CHANNELS", LIVE_CHANNEL_PATTERN) as Promise<string[]>),
      );
      channels = new Set(listings.flat());
      version = current;
      listedAt = startedAt;
    }
    return channels;
  };
}
