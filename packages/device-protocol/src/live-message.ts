import type { CommittedMessage } from "./messages.ts";

/**
 * The JSON a live dashboard receives for one committed message: its decoded points (or
 * attributes), on the originator's live channel (`liveDeviceChannel`). Telemetry is written out
 * by hand (building an object per point just to stringify it cost as much as the rest of ingest's
 * publish). Ids are validated UUIDs and types are enum names, so only keys and values need JSON
 * escaping. It runs only for originators someone watches, so keys' JSON is not cached.
 *
 * A device's message names it as `deviceId`; an asset's, customer's or tenant's (posted through
 * the API) names `entityType` and `entityId` instead.
 */
export function toLiveMessage(message: CommittedMessage): string {
  if (message.type === "TELEMETRY") {
    let points = "";
    for (const p of message.points) {
      if (points) points += ",";
      const v = p.value.value;
      // Numbers and booleans were validated (finite, safe integers): their text is their JSON.
      const value = typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v);
      points += `{"ts":${p.ts},"key":${JSON.stringify(p.key)},"type":"${p.value.type}","value":${value}}`;
    }
    const originator =
      "entityType" in message
        ? `"entityType":"${message.entityType}","entityId":"${message.entityId}"`
        : `"deviceId":"${message.deviceId}"`;
    return `{"type":"POST_TELEMETRY_REQUEST","tenantId":"${message.tenantId}",${originator},"receivedAt":${message.receivedAt},"points":[${points}]}`;
  }
  return JSON.stringify({
    type: "POST_ATTRIBUTES_REQUEST",
    tenantId: message.tenantId,
    deviceId: message.deviceId,
    receivedAt: message.receivedAt,
    scope: message.scope,
    attributes: message.attributes.map((a) => ({ key: a.key, type: a.value.type, value: a.value.value })),
  });
}
