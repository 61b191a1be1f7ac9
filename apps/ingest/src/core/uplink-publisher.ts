import type { Redis } from "ioredis";
import { liveDeviceChannel, partitionOf, ruleEngineEntry, ruleEngineStream, type DeviceUplink } from "@industryos/device-protocol";

/** Streams are trimmed approximately to this many entries (batches) per partition so Redis memory stays bounded. */
const STREAM_MAX_LENGTH = 20_000;

/** The JSON a rule-engine consumer and a live dashboard receive for one uplink. */
export function toRuleEngineMessage(uplink: DeviceUplink): string {
  if (uplink.type === "TELEMETRY") {
    return JSON.stringify({
      type: "POST_TELEMETRY_REQUEST",
      tenantId: uplink.tenantId,
      deviceId: uplink.deviceId,
      receivedAt: uplink.receivedAt,
      points: uplink.points.map((p) => ({ ts: p.ts, key: p.key, type: p.value.type, value: p.value.value })),
    });
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

/**
 * After a batch commits: one pipelined round trip appends the batch's uplinks to their
 * devices' rule-engine partitions (one entry per partition, in commit order, so one device's
 * messages stay in order) and publishes each for live dashboards.
 */
export function createUplinkPublisher(redis: Redis) {
  return async (uplinks: DeviceUplink[]) => {
    const pipeline = redis.pipeline();
    const byPartition = new Map<number, string[]>();
    for (const uplink of uplinks) {
      const message = toRuleEngineMessage(uplink);
      const partition = partitionOf(uplink.deviceId);
      const messages = byPartition.get(partition);
      if (messages) messages.push(message);
      else byPartition.set(partition, [message]);
      pipeline.publish(liveDeviceChannel(uplink.tenantId, uplink.deviceId), message);
    }
    for (const [partition, messages] of byPartition) {
      // MAXLEN counts entries (batches); ~ lets Redis trim whole nodes cheaply.
      pipeline.xadd(ruleEngineStream(partition), "MAXLEN", "~", STREAM_MAX_LENGTH, "*", ...ruleEngineEntry(messages));
    }
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error);
    if (failed) throw failed[0];
  };
}
