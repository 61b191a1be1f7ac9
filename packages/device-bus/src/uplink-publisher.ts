import type { Redis } from "ioredis";
import {
  liveDeviceChannel,
  partitionOf,
  ruleEngineStream,
  uplinkRuleEngineEntry,
  type DeviceUplink,
} from "@industryos/device-protocol";
import type { Logger } from "@industryos/runtime";
import { failureStreak } from "./failure-streak.ts";
import type { OutboxEntry, RuleEngineOutbox } from "./rule-engine-outbox.ts";
import { watchedLiveChannels } from "./watched-live-channels.ts";

/**
 * The JSON a live dashboard receives for one uplink: its decoded points. Telemetry is written
 * out by hand (building an object per point just to stringify it cost as much as the rest of
 * the publish). Ids are validated UUIDs and types are enum names, so only keys and values need
 * JSON escaping. It runs only for devices someone watches, so keys' JSON is not cached.
 */
export function toLiveMessage(uplink: DeviceUplink): string {
  if (uplink.type === "TELEMETRY") {
    let points = "";
    for (const p of uplink.points) {
      if (points) points += ",";
      const v = p.value.value;
      // Numbers and booleans were validated (finite, safe integers): their text is their JSON.
      const value = typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v);
      points += `{"ts":${p.ts},"key":${JSON.stringify(p.key)},"type":"${p.value.type}","value":${value}}`;
    }
    return `{"type":"POST_TELEMETRY_REQUEST","tenantId":"${uplink.tenantId}","deviceId":"${uplink.deviceId}","receivedAt":${uplink.receivedAt},"points":[${points}]}`;
  }
  return JSON.stringify({
    type: "POST_ATTRIBUTES_REQUEST",
    tenantId: uplink.tenantId,
    deviceId: uplink.deviceId,
    receivedAt: uplink.receivedAt,
    scope: uplink.scope,
    attributes: uplink.attributes.map((a) => ({ key: a.key, type: a.value.type, value: a.value.value })),
  });
}

function throwFirstError(results: [Error | null, unknown][] | null) {
  const failed = results?.find(([error]) => error);
  if (failed) throw failed[0];
}

/**
 * Live updates for dashboards, only on channels someone listens to: most devices are watched
 * by nobody most of the time (see watchedLiveChannels for why nothing committed after a
 * dashboard's snapshot is missed). Best effort: a dashboard that misses an update while Redis is
 * away reads a snapshot when it reconnects.
 */
async function publishLive(redis: Redis, watchedChannels: () => Promise<ReadonlySet<string>>, uplinks: DeviceUplink[]) {
  if (redis.status !== "ready") return;
  const watched = await watchedChannels();
  if (watched.size === 0) return;
  const live = redis.pipeline();
  let device = "";
  let channel = "";
  for (const uplink of uplinks) {
    // A batch holds several messages of most devices, one after another.
    if (uplink.deviceId !== device) {
      device = uplink.deviceId;
      channel = liveDeviceChannel(uplink.tenantId, uplink.deviceId);
    }
    if (watched.has(channel)) live.publish(channel, toLiveMessage(uplink));
  }
  if (live.length > 0) throwFirstError(await live.exec());
}

/**
 * After a batch commits: appends the batch's uplinks to their devices' rule-engine partitions
 * (one entry per partition, in commit order, so one device's messages stay in order; through
 * the outbox, which keeps them while Redis is away) and publishes them for live dashboards.
 */
export function createUplinkPublisher(redis: Redis, outbox: RuleEngineOutbox, logger: Logger) {
  // While Redis is away this fails for every batch.
  const liveFailures = failureStreak((error) => logger.warn({ err: error }, "live update publish failed"));
  const watchedChannels = watchedLiveChannels(redis);
  return async (uplinks: DeviceUplink[]) => {
    const byPartition = new Map<number, DeviceUplink[]>();
    for (const uplink of uplinks) {
      const partition = partitionOf(uplink.deviceId);
      const batch = byPartition.get(partition);
      if (batch) batch.push(uplink);
      else byPartition.set(partition, [uplink]);
    }
    const entries: OutboxEntry[] = [];
    for (const [partition, batch] of byPartition)
      entries.push({
        stream: ruleEngineStream(partition),
        entry: uplinkRuleEngineEntry(batch),
        messages: batch.length,
      });
    const live = publishLive(redis, watchedChannels, uplinks).then(liveFailures.succeeded, liveFailures.failed);
    await Promise.all([outbox.append(entries), live]);
  };
}
