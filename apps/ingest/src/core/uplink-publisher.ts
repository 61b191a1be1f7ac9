import type { Redis } from "ioredis";
import { liveDeviceChannel, partitionOf, ruleEngineStream, type DeviceUplink } from "@industryos/device-protocol";

/** Streams are trimmed approximately to this many entries per partition so Redis memory stays bounded. */
const STREAM_MAX_LENGTH = 200_000;

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
 * After a batch commits: one pipelined round trip appends each uplink to its device's
 * rule-engine partition (so one device's messages stay in order) and publishes it for live
 * dashboards.
 */
export function createUplinkPublisher(redis: Redis) {
  return async (uplinks: DeviceUplink[]) => {
    const pipeline = redis.pipeline();
    for (const uplink of uplinks) {
      const message = toRuleEngineMessage(uplink);
      pipeline.xadd(ruleEngineStream(partitionOf(uplink.deviceId)), "MAXLEN", "~", STREAM_MAX_LENGTH, "*", "msg", message);
      pipeline.publish(liveDeviceChannel(uplink.tenantId, uplink.deviceId), message);
    }
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error);
    if (failed) throw failed[0];
  };
}
